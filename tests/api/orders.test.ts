import { describe, expect, it } from 'vitest';
import { POST as postOrder } from '@/app/api/orders/route';
import { POST as postBatch } from '@/app/api/chaos/batches/route';
import { GET as getBatch } from '@/app/api/chaos/batches/[id]/route';
import { runInProgress } from '@/lib/checkout/run-registry';
import { withAppDatabase } from '../support/app-database';
import { batchProgressSchema, batchStartedSchema } from '@/lib/wire/chaos';
import { apiErrorBodySchema } from '@/lib/wire/errors';
import { placedOrderSchema } from '@/lib/wire/orders';

const app = withAppDatabase();

const post = (
  handler: (r: Request) => Promise<Response>,
  body: unknown,
  headers: Record<string, string> = { 'content-type': 'application/json' },
) =>
  handler(
    new Request('http://test/api', {
      method: 'POST',
      headers,
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );

/** Waits for a run to end and returns its row (it may already have ended). */
async function finished(runId: string) {
  await runInProgress(runId);
  return app.db.run.findUniqueOrThrow({ where: { id: runId } });
}

async function errorOf(res: Response) {
  const body = apiErrorBodySchema.parse(await res.json());
  return { status: res.status, ...body.error, paths: body.error.fields.map((f) => f.path) };
}

describe('POST /api/orders', () => {
  it('creates the order and its run, answers at once, and the run finishes in the background', async () => {
    const res = await post(postOrder, { customerId: 'cus_ada', items: [{ sku: 'KB-001', quantity: 1 }] });
    expect(res.status).toBe(201);
    const { runs } = placedOrderSchema.parse(await res.json());
    expect(runs).toHaveLength(1);
    expect(runs[0].mode).toBe('agents');
    const run = await finished(runs[0].runId);
    expect(run).toMatchObject({
      orderId: runs[0].orderId,
      status: 'succeeded',
      model: 'offline-planner:offline-planner-v1',
    });
    expect(run.eventCount).toBeGreaterThan(50);
  });

  it("mode 'both' places the same order twice: agents and orchestrator", async () => {
    const res = await post(postOrder, {
      customerId: 'cus_grace',
      items: [{ sku: 'MS-002', quantity: 1 }],
      mode: 'both',
    });
    expect(res.status).toBe(201);
    const { runs } = placedOrderSchema.parse(await res.json());
    expect(runs.map((r) => r.mode)).toEqual(['agents', 'orchestrator']);
    const [agents, classic] = await Promise.all(runs.map((r) => finished(r.runId)));
    expect(agents?.status).toBe('succeeded');
    expect(classic?.status).toBe('failed');
  });

  it.each([
    [{ items: [{ sku: 'KB-001', quantity: 1 }] }, 'customerId'],
    [{ customerId: 'cus_ada', items: [] }, 'items'],
    [{ customerId: 'cus_ada', items: [{ sku: 'KB-001', quantity: 0 }] }, 'items.0.quantity'],
    [{ customerId: 'cus_ada', items: [{ sku: 'KB-001', quantity: 1.5 }] }, 'items.0.quantity'],
    [{ customerId: 'cus_ada', items: [{ sku: 'KB-001', quantity: '1' }] }, 'items.0.quantity'],
    [{ customerId: 'cus_ada', items: [{ sku: 'KB-001', quantity: 1 }], mode: 'fast' }, 'mode'],
    [{ customerId: 'cus_nobody', items: [{ sku: 'KB-001', quantity: 1 }] }, 'customerId'],
    [
      {
        customerId: 'cus_ada',
        items: [
          { sku: 'KB-001', quantity: 1 },
          { sku: 'NOPE-1', quantity: 1 },
        ],
      },
      'items.1.sku',
    ],
    [{ customerId: 'cus_ada', items: [{ sku: 'KB-001', quantity: 1 }], faultPreset: 'no-such-preset' }, 'faultPreset'],
    [{ customerId: 'cus_ada', items: [{ sku: 'KB-001', quantity: 1 }], extra: true }, 'extra'],
    [
      { customerId: 'cus_nobody', items: [{ sku: 'KB-001', quantity: 1 }], faultPreset: 'decline-primary-cards' },
      'customerId',
    ],
  ])('400 naming the field for %j, and nothing changed', async (body, path) => {
    const before = await app.db.order.count();
    const rulesBefore = await app.db.faultRule.count();
    const error = await errorOf(await post(postOrder, body));
    expect(error.status).toBe(400);
    expect(error.code).toBe('invalid_input');
    expect(error.paths).toContain(path);
    expect(await app.db.order.count()).toBe(before);
    expect(await app.db.faultRule.count()).toBe(rulesBefore);
  });

  it('refuses a body that is not JSON, is empty, or is too large', async () => {
    expect((await errorOf(await post(postOrder, '{"customerId": '))).paths).toEqual(['body']);
    expect((await post(postOrder, '')).status).toBe(400);
    expect((await post(postOrder, { customerId: 'x'.repeat(70_000) })).status).toBe(413);
    expect(
      (await post(postOrder, 'customerId=cus_ada', { 'content-type': 'application/x-www-form-urlencoded' })).status,
    ).toBe(415);
  });
});

describe('chaos batches', () => {
  it('runs N seeded orders under a preset and reports progress and outcomes', async () => {
    const res = await post(postBatch, { orders: 4, seed: 3, preset: 'flaky-gateway-30' });
    expect(res.status).toBe(201);
    const { batchId, runs } = batchStartedSchema.parse(await res.json());
    expect(runs).toHaveLength(4);
    await Promise.all(runs.map((r) => finished(r.runId)));
    const progress = await getBatch(new Request(`http://test/api/chaos/batches/${batchId}`), {
      params: Promise.resolve({ id: batchId }),
    });
    const body = batchProgressSchema.parse(await progress.json());
    expect(body).toMatchObject({ total: 4, finished: 4 });
    expect(body.succeeded + body.failed).toBe(4);
    // Each run's outcome as data, agreeing with its status (the UI tallies these, never the prose).
    for (const run of body.runs)
      expect(run.outcomeKind.startsWith(run.status === 'succeeded' ? 'placed' : 'failed')).toBe(true);
  });

  it('400 for a bad batch, 404 for an unknown one', async () => {
    expect((await errorOf(await post(postBatch, { orders: 0 }))).paths).toEqual(['orders']);
    expect((await errorOf(await post(postBatch, { orders: 500 }))).paths).toEqual(['orders']);
    expect((await errorOf(await post(postBatch, { orders: 2, preset: 'nope' }))).paths).toEqual(['preset']);
    expect((await getBatch(new Request('http://test/x'), { params: Promise.resolve({ id: 'nope' }) })).status).toBe(
      404,
    );
  });
});
