import { afterEach, describe, expect, it } from 'vitest';
import { placeOrder } from '@/lib/checkout/place-order';
import { loadResumePlan, MAX_RESUMES, resumePlan, resumeRun } from '@/lib/checkout/resume-run';
import type { RunRecorder } from '@/lib/checkout/run-checkout';
import { runLeasesFor } from '@/lib/checkout/run-leases';
import { runInProgress, runsExecuting } from '@/lib/checkout/run-registry';
import type { NewTraceEvent, TraceEvent } from '@/lib/trace/events';
import { foldConversation } from '@/lib/trace/projections/conversation';
import { createCheckoutHarness, type Harness } from '../../support/checkout-harness';

/**
 * A process that stops mid-run, simulated: from the chosen event on, the recorder never answers, so
 * the run does nothing more and records nothing more, as if its process had been killed there; its
 * Run row stays 'running'. The run is then resumed by a fresh runtime, as start-up recovery or
 * another instance would.
 */
function stoppingRecorder(inner: RunRecorder, stopAt: (event: NewTraceEvent) => boolean) {
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  let dead = false;
  const recorder: RunRecorder = {
    append: (runId, event) => {
      if (dead || stopAt(event)) {
        dead = true;
        stop();
        return new Promise<never>(() => undefined);
      }
      return inner.append(runId, event);
    },
    finishRun: (runId, end) => (dead ? new Promise<never>(() => undefined) : inner.finishRun(runId, end)),
  };
  return { recorder, stopped };
}

const isResultOf = (toolName: string, status?: 'ok' | 'error') => (event: NewTraceEvent) =>
  event.type === 'tool.result' && event.data.toolName === toolName && (!status || event.data.status === status);

async function stopMidRun(
  h: Harness,
  request: { customerId: string; mode?: 'agents' | 'orchestrator' },
  stopAt: (event: NewTraceEvent) => boolean,
): Promise<string> {
  const { recorder, stopped } = stoppingRecorder(h.rt.recorder, stopAt);
  const [placed] = await placeOrder(
    { ...h.rt, recorder },
    { items: [{ sku: 'KB-001', quantity: 1 }], mode: request.mode ?? 'agents', customerId: request.customerId },
  );
  await stopped;
  return placed!.runId;
}

async function resume(h: Harness, runId: string) {
  const plan = await loadResumePlan(h.t.db, runId);
  if ('why' in plan) throw new Error(`not resumable: ${plan.why}`);
  const { done } = await resumeRun(h.rt, plan, runLeasesFor(h.t.db), 'The test stopped the run mid-way.');
  expect(runsExecuting()).toContain(runId);
  return { plan, result: await done };
}

/** Every tool call of the run is recorded once and answered once; seqs have no gap. */
function expectWholeOnce(events: TraceEvent[]) {
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  const calls = events.filter((e) => e.type === 'tool.call').map((e) => e.data.toolCallId);
  const results = events.filter((e) => e.type === 'tool.result').map((e) => e.data.toolCallId);
  expect(new Set(calls).size).toBe(calls.length);
  expect(new Set(results).size).toBe(results.length);
  expect([...results].sort()).toEqual([...calls].sort());
  expect(events.filter((e) => e.type === 'run.started')).toHaveLength(1);
  expect(events.at(-1)?.type).toBe('run.finished');
}

describe('resuming a run a stopped process left going', () => {
  let h: Harness;
  afterEach(async () => h?.dispose());

  it('takes up a re-planning checkout after the backup card was authorized but before the answer was recorded: one authorization, the order placed', async () => {
    h = await createCheckoutHarness();
    // Grace's primary card declines; the run stops as the backup card's authorization comes back.
    const runId = await stopMidRun(h, { customerId: 'cus_grace' }, isResultOf('payment_authorize', 'ok'));
    const order = (await h.t.db.run.findUniqueOrThrow({ where: { id: runId } })).orderId!;
    expect(await h.t.db.payment.count({ where: { orderId: order, kind: 'authorization', status: 'succeeded' } })).toBe(
      1,
    );
    const before = await h.events(runId);
    expect((await h.t.db.run.findUniqueOrThrow({ where: { id: runId } })).status).toBe('running');

    const { plan, result } = await resume(h, runId);
    expect(plan.served.inFlight).toBe(1);
    expect(result.status).toBe('succeeded');
    expect(result.order.status).toBe('placed');

    const events = await h.events(runId);
    // What was recorded before the stop is untouched; the resume's mark follows it.
    expect(events.slice(0, before.length)).toEqual(before);
    const resumed = events[before.length]!;
    expect(resumed).toMatchObject({
      type: 'run.resumed',
      data: { replayedEvents: before.length, inFlightCalls: 1, attempt: 1 },
    });
    expectWholeOnce(events);
    // The declined primary card was not tried again: its decline was served from the log.
    const payments = await h.t.db.payment.findMany({ where: { orderId: order }, orderBy: { createdAt: 'asc' } });
    expect(payments.filter((p) => p.kind === 'authorization' && p.status === 'succeeded')).toHaveLength(1);
    expect(payments.filter((p) => p.kind === 'authorization' && p.status === 'failed')).toHaveLength(1);
    expect(payments.filter((p) => p.kind === 'capture' && p.status === 'succeeded')).toHaveLength(1);
    const run = await h.t.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run.status).toBe('succeeded');
    // The conversation says where the run was taken up, and that the call in flight was made again.
    const notes = foldConversation(events).lines.filter((line) => line.kind === 'note');
    expect(notes.map((line) => (line.kind === 'note' ? line.text : ''))).toContainEqual(
      expect.stringMatching(
        /taken up again from its log: its \d+ recorded events were replayed.*made again under the same idempotency key/,
      ),
    );
  });

  it('a confirmation email sent but not recorded is not sent twice', async () => {
    h = await createCheckoutHarness();
    const runId = await stopMidRun(h, { customerId: 'cus_ada' }, isResultOf('notification_send_email'));
    const order = (await h.t.db.run.findUniqueOrThrow({ where: { id: runId } })).orderId!;
    expect(await h.t.db.notification.count({ where: { orderId: order } })).toBe(1);
    const { result } = await resume(h, runId);
    expect(result.status).toBe('succeeded');
    expect(await h.t.db.notification.count({ where: { orderId: order } })).toBe(1);
    expectWholeOnce(await h.events(runId));
  });

  it('resumes the classic orchestrator too: its answered calls served, the rest of its script run', async () => {
    h = await createCheckoutHarness();
    const runId = await stopMidRun(
      h,
      { customerId: 'cus_ada', mode: 'orchestrator' },
      isResultOf('payment.authorize', 'ok'),
    );
    const order = (await h.t.db.run.findUniqueOrThrow({ where: { id: runId } })).orderId!;
    const { result } = await resume(h, runId);
    expect(result.status).toBe('succeeded');
    expectWholeOnce(await h.events(runId));
    expect(await h.t.db.payment.count({ where: { orderId: order, kind: 'authorization' } })).toBe(1);
    expect(await h.t.db.reservation.count({ where: { orderId: order } })).toBeGreaterThan(0);
    expect(await h.t.db.reservation.count({ where: { orderId: order, status: 'held' } })).toBe(0);
  });

  it('a run stopped again and again is settled, not resumed forever; one already settling is not resumed', async () => {
    h = await createCheckoutHarness();
    const runId = await stopMidRun(h, { customerId: 'cus_ada' }, isResultOf('inventory_reserve'));
    const plan = await loadResumePlan(h.t.db, runId);
    expect('why' in plan).toBe(false);
    // Marks of earlier resumes, as a run that stopped its process each time would have.
    for (let i = 0; i < MAX_RESUMES; i++)
      await h.rt.recorder.append(runId, {
        type: 'run.resumed',
        spanId: 'run',
        parentSpanId: null,
        agent: null,
        data: { reason: 'stopped again', replayedEvents: 1, inFlightCalls: 0, attempt: i + 1 },
      });
    expect(await loadResumePlan(h.t.db, runId)).toEqual({
      why: `it was resumed ${MAX_RESUMES} times already, and stopped again`,
    });

    // Once the harness was settling the order, there is nothing left to continue.
    const run = await h.t.db.run.findUniqueOrThrow({ where: { id: runId } });
    const settling = { ...(await h.events(runId))[0]!, type: 'settlement.started' } as TraceEvent;
    expect(resumePlan({ ...run, status: 'running' }, [...(await h.events(runId)), settling])).toMatchObject({
      why: expect.stringContaining('begun to end'),
    });
  });
});

describe('write-ahead', () => {
  let h: Harness;
  afterEach(async () => h?.dispose());

  it('a service call waits until the step that led to it is durable: no payment exists before its tool.call is committed', async () => {
    h = await createCheckoutHarness();
    // Commits of the authorize call are held back until the test lets them go.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let seen: () => void;
    const authorizeAppended = new Promise<void>((resolve) => (seen = resolve));
    const recorder: RunRecorder = {
      append: async (runId, event) => {
        if (event.type === 'tool.call' && event.data.toolName === 'payment_authorize') {
          seen();
          await released;
        }
        return h.rt.recorder.append(runId, event);
      },
      finishRun: (runId, end) => h.rt.recorder.finishRun(runId, end),
    };
    const [placed] = await placeOrder(
      { ...h.rt, recorder },
      { items: [{ sku: 'KB-001', quantity: 1 }], mode: 'agents', customerId: 'cus_ada' },
    );
    await authorizeAppended;
    // Whatever the run does meanwhile, the gateway has not been asked.
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    const orderId = (await h.t.db.run.findUniqueOrThrow({ where: { id: placed!.runId } })).orderId!;
    expect(await h.t.db.payment.count({ where: { orderId } })).toBe(0);
    release();
    await runInProgress(placed!.runId);
    expect(await h.t.db.payment.count({ where: { orderId, kind: 'authorization', status: 'succeeded' } })).toBe(1);
  });
});
