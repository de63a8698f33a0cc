import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { POST as postOrder } from '@/app/api/orders/route';
import { POST as postBatch } from '@/app/api/chaos/batches/route';
import { POST as postRerun } from '@/app/api/runs/[id]/rerun/route';
import { POST as postRule } from '@/app/api/faults/route';
import { runInProgress } from '@/lib/checkout/run-registry';
import { loadEvents } from '@/lib/trace/event-log';
import { withAppDatabase } from '../support/app-database';
import { batchStartedSchema } from '@/lib/wire/chaos';
import { apiErrorBodySchema } from '@/lib/wire/errors';
import { recordedFaultRuleSchema } from '@/lib/wire/fault-rules';
import { placedOrderSchema } from '@/lib/wire/orders';
import { replayResultSchema } from '@/lib/wire/replay';

const app = withAppDatabase();

const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });

async function order(body: Record<string, unknown>) {
  const res = await postOrder(
    new Request(
      'http://test/api/orders',
      json({ customerId: 'cus_grace', items: [{ sku: 'MS-002', quantity: 1 }], ...body }),
    ),
  );
  expect(res.status, await res.clone().text()).toBe(201);
  const { runs } = placedOrderSchema.parse(await res.json());
  await Promise.all(runs.map(async (r) => runInProgress(r.runId)));
  return runs;
}

const injected = async (runId: string) =>
  (await loadEvents(app.db, runId)).flatMap((e) => (e.type === 'fault.injected' ? [e.data.ruleId] : []));

describe('a fault preset chosen with an order', () => {
  it('applies to that order only: three orders leave the store with no rule, each run held its own', async () => {
    const placed = [];
    for (let i = 0; i < 3; i++) placed.push(...(await order({ faultPreset: 'decline-primary-cards' })));
    expect(await app.db.faultRule.count()).toBe(0);
    for (const { runId, orderId } of placed) {
      const ruleId = `${orderId}-decline-primary-cards-1`;
      expect(await injected(runId)).toEqual([ruleId]);
      const run = await app.db.run.findUniqueOrThrow({ where: { id: runId } });
      expect(run.status).toBe('succeeded');
      expect(
        z
          .array(recordedFaultRuleSchema)
          .parse(JSON.parse(run.faultSnapshot))
          .map((r) => r.id),
      ).toEqual([ruleId]);
      const started = (await loadEvents(app.db, runId)).find((e) => e.type === 'run.started');
      expect(started?.type === 'run.started' && started.data.faultPreset).toBe('decline-primary-cards');
    }
    // The next order without a preset meets no fault.
    const [plain] = await order({});
    expect(await injected(plain.runId)).toEqual([]);
  });

  it('as `preset` too, beside the rules in force, and a re-run replays it', async () => {
    const rule = await postRule(
      new Request(
        'http://test/api/faults',
        json({ name: 'slow mail', service: 'notification', kind: 'latency', params: { latencyMs: 10 } }),
      ),
    );
    expect(rule.status).toBe(201);
    const [run] = await order({ preset: 'decline-primary-cards' });
    const fired = await injected(run.runId);
    // The store's rule (the confirmation email) and the order's own (the primary card), both.
    expect(fired).toHaveLength(2);
    expect(fired).toContain(`${run.orderId}-decline-primary-cards-1`);
    expect(await app.db.faultRule.count()).toBe(1);
    const res = await postRerun(
      new Request(`http://test/api/runs/${run.runId}/rerun`, { method: 'POST' }),
      ctx(run.runId),
    );
    const body = replayResultSchema.parse(await res.json());
    expect(body.comparison.identical).toBe(true);
    expect(await injected(body.runId)).toEqual(await injected(run.runId));
    await app.db.faultRule.deleteMany();
  });

  it("a chaos batch preset is its orders' own as well", async () => {
    const res = await postBatch(
      new Request('http://test/api/chaos/batches', json({ orders: 3, seed: 2, preset: 'flaky-gateway-30' })),
    );
    expect(res.status).toBe(201);
    const { runs } = batchStartedSchema.parse(await res.json());
    await Promise.all(runs.map(async (r) => runInProgress(r.runId)));
    expect(await app.db.faultRule.count()).toBe(0);
  });

  it('400 naming the field for an unknown preset or two different ones, and nothing placed', async () => {
    const before = await app.db.order.count();
    for (const [body, path] of [
      [{ preset: 'nope' }, 'preset'],
      [{ faultPreset: 'nope' }, 'faultPreset'],
      [{ faultPreset: 'decline-all-cards', preset: 'decline-primary-cards' }, 'preset'],
    ] as const) {
      const res = await postOrder(
        new Request(
          'http://test/api/orders',
          json({ customerId: 'cus_grace', items: [{ sku: 'MS-002', quantity: 1 }], ...body }),
        ),
      );
      expect(res.status).toBe(400);
      expect(apiErrorBodySchema.parse(await res.json()).error.fields.map((f) => f.path)).toEqual([path]);
    }
    expect(await app.db.order.count()).toBe(before);
  });
});
