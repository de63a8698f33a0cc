import { describe, expect, it } from 'vitest';
import { POST as postOrder } from '@/app/api/orders/route';
import { POST as postBatch } from '@/app/api/chaos/batches/route';
import { GET as getPace, POST as postPace } from '@/app/api/runs/[id]/pace/route';
import { POST as postRerun } from '@/app/api/runs/[id]/rerun/route';
import { runInProgress } from '@/lib/checkout/run-registry';
import { loadEvents } from '@/lib/trace/event-log';
import { withAppDatabase } from '../support/app-database';
import { batchStartedSchema } from '@/lib/wire/chaos';
import { apiErrorBodySchema } from '@/lib/wire/errors';
import { placedOrderSchema } from '@/lib/wire/orders';
import { replayResultSchema } from '@/lib/wire/replay';
import { runPaceSchema } from '@/lib/wire/runs';

const app = withAppDatabase();

const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });

async function order(body: Record<string, unknown>): Promise<string[]> {
  const res = await postOrder(
    new Request(
      'http://test/api/orders',
      json({ customerId: 'cus_ada', items: [{ sku: 'LP-009', quantity: 1 }], ...body }),
    ),
  );
  expect(res.status).toBe(201);
  return placedOrderSchema.parse(await res.json()).runs.map((r) => r.runId);
}

async function startedPace(runId: string) {
  const started = (await loadEvents(app.db, runId)).find((e) => e.type === 'run.started');
  return started?.type === 'run.started' ? started.data.pace : 'missing';
}

const setPace = (runId: string, body: unknown) =>
  postPace(new Request(`http://test/api/runs/${runId}/pace`, json(body)), ctx(runId));

describe('the pace of a run', () => {
  it('an API order without a pace is instant; chaos batches too', async () => {
    const [runId] = await order({});
    await runInProgress(runId);
    expect(await startedPace(runId)).toBe('instant');
    const res = await postBatch(new Request('http://test/api/chaos/batches', json({ orders: 2, seed: 4 })));
    const { runs } = batchStartedSchema.parse(await res.json());
    await Promise.all(runs.map(async (r) => runInProgress(r.runId)));
    for (const r of runs) expect(await startedPace(r.runId)).toBe('instant');
  });

  it('is recorded at the start, can be changed while the run goes, and is refused once it has ended', async () => {
    const [runId] = await order({ pace: 'slow_motion' });
    expect(runPaceSchema.parse(await (await getPace(new Request('http://test'), ctx(runId))).json())).toEqual({
      runId,
      live: true,
      pace: 'slow_motion',
    });
    const changed = await setPace(runId, { pace: 'instant' });
    expect(changed.status).toBe(200);
    expect(runPaceSchema.parse(await changed.json())).toEqual({ runId, live: true, pace: 'instant' });
    const result = await runInProgress(runId);
    expect(result?.status).toBe('succeeded');
    expect(await startedPace(runId)).toBe('slow_motion');

    const late = await setPace(runId, { pace: 'real_time' });
    expect(late.status).toBe(409);
    expect(apiErrorBodySchema.parse(await late.json()).error.code).toBe('run_not_live');
    expect(runPaceSchema.parse(await (await getPace(new Request('http://test'), ctx(runId))).json())).toEqual({
      runId,
      live: false,
      pace: null,
    });
  });

  it('re-runs ignore it: they run instant and are identical to the paced run', async () => {
    const [runId] = await order({ pace: 'real_time', customerId: 'cus_grace' });
    await setPace(runId, { pace: 'instant' });
    await runInProgress(runId);
    const res = await postRerun(new Request(`http://test/api/runs/${runId}/rerun`, { method: 'POST' }), ctx(runId));
    const body = replayResultSchema.parse(await res.json());
    expect(body.comparison.identical).toBe(true);
    expect(await startedPace(body.runId)).toBe('instant');
  });

  it('400 naming the field for a pace that is not one', async () => {
    const bad = await postOrder(
      new Request(
        'http://test/api/orders',
        json({ customerId: 'cus_ada', items: [{ sku: 'LP-009', quantity: 1 }], pace: 'warp' }),
      ),
    );
    expect(bad.status).toBe(400);
    expect(apiErrorBodySchema.parse(await bad.json()).error.fields.map((f) => f.path)).toEqual(['pace']);
    const badChange = await setPace('whatever', { pace: 'fast' });
    expect(badChange.status).toBe(400);
    expect(apiErrorBodySchema.parse(await badChange.json()).error.fields.map((f) => f.path)).toEqual(['pace']);
  });
});
