import { beforeAll, describe, expect, it } from 'vitest';
import { POST as postOrder } from '@/app/api/orders/route';
import { POST as postRerun } from '@/app/api/runs/[id]/rerun/route';
import { POST as postFork } from '@/app/api/runs/[id]/fork/route';
import { runInProgress } from '@/lib/checkout/start-run';
import { withAppDatabase } from '../support/app-database';

const app = withAppDatabase();
let runId: string;
beforeAll(async () => {
  const res = await postOrder(new Request('http://test/api/orders', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ customerId: 'cus_grace', items: [{ sku: 'KB-001', quantity: 1 }] }) }));
  runId = ((await res.json()) as { runs: { runId: string }[] }).runs[0].runId;
  await runInProgress(runId);
});

const ctx = (id: string) => ({ params: Promise.resolve({ id }) });
const fork = (id: string, body: unknown) =>
  postFork(new Request(`http://test/api/runs/${id}/fork`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }), ctx(id));

describe('POST /api/runs/:id/rerun', () => {
  it('re-runs a live-store run (system clock, random order id) to an identical trace', async () => {
    const res = await postRerun(new Request(`http://test/api/runs/${runId}/rerun`, { method: 'POST' }), ctx(runId));
    expect(res.status).toBe(201);
    const body = (await res.json()) as { runId: string; kind: string; comparison: { identical: boolean } };
    expect(body).toMatchObject({ kind: 'rerun', comparison: { identical: true } });
    expect(await app.db.run.findUniqueOrThrow({ where: { id: body.runId } })).toMatchObject({ parentRunId: runId, status: 'succeeded' });
  });

  it('404 for an unknown run', async () => {
    expect((await postRerun(new Request('http://test/x', { method: 'POST' }), ctx('nope'))).status).toBe(404);
  });
});

describe('POST /api/runs/:id/fork', () => {
  it('forks at a model step under a preset and links the new run', async () => {
    const step = await app.db.traceEvent.findFirstOrThrow({ where: { runId, type: 'model.step', agent: 'CheckoutAgent' }, orderBy: { seq: 'asc' }, skip: 3 });
    const res = await fork(runId, { atSeq: step.seq, faultPreset: 'notification-down' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { runId: string; kind: string; comparison: { identical: boolean } };
    expect(body.kind).toBe('fork');
    expect(body.comparison.identical).toBe(false);
    expect(await app.db.run.findUniqueOrThrow({ where: { id: body.runId } })).toMatchObject({ parentRunId: runId, forkedAtSeq: step.seq });
  });

  it.each([
    [{}, 'atSeq'],
    [{ atSeq: 0 }, 'atSeq'],
    [{ atSeq: 1 }, 'atSeq'],
    [{ atSeq: 5, faultPreset: 'nope' }, 'faultPreset'],
    [{ atSeq: 5, faultRules: [{ service: 'payment', kind: 'carrier_outage' }] }, 'faultRules.0'],
    [{ atSeq: 5, surprise: 1 }, 'surprise'],
  ])('400 naming the field for %j', async (body, path) => {
    const res = await fork(runId, body);
    expect(res.status).toBe(400);
    const error = ((await res.json()) as { error: { fields: { path: string }[] } }).error;
    expect(error.fields.map((f) => f.path)).toContain(path);
  });
});

describe('re-run of a run whose tool results carry wall-clock times', () => {
  it('a card request (availableAt from the clock) re-runs identical all the same', async () => {
    const res = await postOrder(new Request('http://test/api/orders', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ customerId: 'cus_linus', items: [{ sku: 'MS-002', quantity: 1 }] }) }));
    const linusRun = ((await res.json()) as { runs: { runId: string }[] }).runs[0].runId;
    await runInProgress(linusRun);
    const requests = await app.db.traceEvent.count({ where: { runId: linusRun, toolName: 'customer_request_new_card' } });
    expect(requests).toBeGreaterThan(0);
    const rerun = await postRerun(new Request(`http://test/api/runs/${linusRun}/rerun`, { method: 'POST' }), ctx(linusRun));
    const body = (await rerun.json()) as { comparison: { identical: boolean; firstDivergence: unknown } };
    expect(body.comparison.identical).toBe(true);
  });
});
