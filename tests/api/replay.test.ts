import { beforeAll, describe, expect, it } from 'vitest';
import { POST as postOrder } from '@/app/api/orders/route';
import { POST as postRerun } from '@/app/api/runs/[id]/rerun/route';
import { POST as postFork } from '@/app/api/runs/[id]/fork/route';
import { runInProgress } from '@/lib/checkout/run-registry';
import { loadEvents } from '@/lib/trace/event-log';
import type { TraceEvent } from '@/lib/trace/events';
import { withAppDatabase } from '../support/app-database';
import { apiErrorBodySchema } from '@/lib/wire/errors';
import { placedOrderSchema } from '@/lib/wire/orders';
import { replayResultSchema } from '@/lib/wire/replay';

const app = withAppDatabase();
let runId: string;
beforeAll(async () => {
  const res = await postOrder(
    new Request('http://test/api/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customerId: 'cus_grace', items: [{ sku: 'KB-001', quantity: 1 }] }),
    }),
  );
  runId = placedOrderSchema.parse(await res.json()).runs[0].runId;
  await runInProgress(runId);
});

const ctx = (id: string) => ({ params: Promise.resolve({ id }) });
const fork = (id: string, body: unknown) =>
  postFork(
    new Request(`http://test/api/runs/${id}/fork`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
    ctx(id),
  );

describe('POST /api/runs/:id/rerun', () => {
  it('re-runs a live-store run (system clock, random order id) to an identical trace', async () => {
    const res = await postRerun(new Request(`http://test/api/runs/${runId}/rerun`, { method: 'POST' }), ctx(runId));
    expect(res.status).toBe(201);
    const body = replayResultSchema.parse(await res.json());
    expect(body).toMatchObject({ kind: 'rerun', comparison: { identical: true } });
    expect(await app.db.run.findUniqueOrThrow({ where: { id: body.runId } })).toMatchObject({
      parentRunId: runId,
      status: 'succeeded',
    });
  });

  it('404 for an unknown run', async () => {
    expect((await postRerun(new Request('http://test/x', { method: 'POST' }), ctx('nope'))).status).toBe(404);
  });
});

describe('POST /api/runs/:id/fork', () => {
  it('forks at a model step under a preset and links the new run', async () => {
    const step = await app.db.traceEvent.findFirstOrThrow({
      where: { runId, type: 'model.step', agent: 'CheckoutAgent' },
      orderBy: { seq: 'asc' },
      skip: 3,
    });
    const res = await fork(runId, { atSeq: step.seq, faultPreset: 'notification-down' });
    expect(res.status).toBe(201);
    const body = replayResultSchema.parse(await res.json());
    expect(body.kind).toBe('fork');
    expect(body.comparison.identical).toBe(false);
    // The first notification call after the fork point is where the preset bites: its fault is recorded where the parent had the result.
    const notify = (await loadEvents(app.db, runId)).find(
      (e) => e.type === 'tool.call' && e.seq > step.seq && e.data.toolName.startsWith('notification_'),
    )!;
    expect(body.comparison.firstDivergence).toMatchObject({ seqA: null, seqB: notify.seq + 1 });
    expect(await app.db.run.findUniqueOrThrow({ where: { id: body.runId } })).toMatchObject({
      parentRunId: runId,
      forkedAtSeq: step.seq,
    });
  });

  it('forks under explicit rules: the same order, but the backup card also declines', async () => {
    const events = await loadEvents(app.db, runId);
    const isBackupAuthorize = (e: TraceEvent) =>
      e.type === 'tool.call' &&
      e.data.toolName === 'payment_authorize' &&
      JSON.stringify(e.data.input).includes('pm_grace_mc');
    const backupCall = events.find(isBackupAuthorize)!;
    // The step before the backup authorization: the PaymentAgent's decision to make it.
    const atStep = events.filter((e) => e.type === 'model.step' && e.seq < backupCall.seq).at(-1)!;
    const backupDeclines = {
      name: 'backup declines too',
      service: 'payment',
      operation: 'authorize',
      kind: 'decline',
      params: { cardRole: 'backup' },
    };
    const res = await fork(runId, { atSeq: atStep.seq, faultRules: [backupDeclines] });
    expect(res.status).toBe(201);
    const body = replayResultSchema.parse(await res.json());
    // It diverges exactly there: the call is made as before, and the decline is injected where the parent had its result.
    expect(body.comparison.firstDivergence).toMatchObject({ seqA: null, seqB: backupCall.seq + 1 });
    const forkEvents = await loadEvents(app.db, body.runId);
    expect(forkEvents.find((e) => e.seq === backupCall.seq + 1)).toMatchObject({
      type: 'fault.injected',
      data: { ruleName: 'backup declines too', kind: 'decline' },
    });
    // With no usable card left the order fails cleanly: stock released, nothing left authorized, the customer told.
    expect(body.status).toBe('failed');
    const finished = forkEvents.at(-1)!;
    expect(finished).toMatchObject({
      type: 'run.finished',
      data: {
        status: 'failed',
        order: { status: 'failed', heldReservations: 0, openAuthorizations: 0, capturedCents: 0, violations: [] },
      },
    });
    expect(finished.type === 'run.finished' && finished.data.outcome).toMatch(/^order failed cleanly/);
    const succeeded = (tool: string) =>
      forkEvents.some(
        (e) => e.type === 'tool.result' && e.seq > backupCall.seq && e.data.toolName === tool && e.data.status === 'ok',
      );
    expect(succeeded('inventory_release')).toBe(true);
    expect(succeeded('notification_send_email') || succeeded('notification_send_sms')).toBe(true);
  });

  it.each([
    [{}, 'atSeq'],
    [{ atSeq: 0 }, 'atSeq'],
    [{ atSeq: 1 }, 'atSeq'],
    [{ atSeq: 5, faultPreset: 'nope' }, 'faultPreset'],
    [{ atSeq: 5, faultRules: [{ service: 'payment', kind: 'carrier_outage' }] }, 'faultRules.0'],
    [{ atSeq: 5, surprise: 1 }, 'surprise'],
    [{ atSeq: 5, faultPreset: 'decline-all-cards', faultRules: [] }, 'faultPreset'],
  ])('400 naming the field for %j', async (body, path) => {
    const res = await fork(runId, body);
    expect(res.status).toBe(400);
    const { error } = apiErrorBodySchema.parse(await res.json());
    expect(error.fields.map((f) => f.path)).toContain(path);
  });
});

describe('re-run of a run whose tool results carry wall-clock times', () => {
  it('a card request (availableAt from the clock) re-runs identical all the same', async () => {
    const res = await postOrder(
      new Request('http://test/api/orders', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ customerId: 'cus_linus', items: [{ sku: 'MS-002', quantity: 1 }] }),
      }),
    );
    const linusRun = placedOrderSchema.parse(await res.json()).runs[0].runId;
    await runInProgress(linusRun);
    const requests = await app.db.traceEvent.count({
      where: { runId: linusRun, toolName: 'customer_request_new_card' },
    });
    expect(requests).toBeGreaterThan(0);
    const rerun = await postRerun(
      new Request(`http://test/api/runs/${linusRun}/rerun`, { method: 'POST' }),
      ctx(linusRun),
    );
    const body = replayResultSchema.parse(await rerun.json());
    // The divergence, if any, is in the failure message.
    expect(body.comparison).toMatchObject({ identical: true, firstDivergence: null });
  });
});
