import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@/lib/runtime/clock';
import { InProcessTraceBus } from '@/lib/trace/bus';
import { loadEvents } from '@/lib/trace/event-log';
import { TraceRecorder } from '@/lib/trace/recorder';
import { foldRunSummary } from '@/lib/trace/projections/run-summary';
import { finishRun, interruptRunningRuns, type RunLifecycleDeps } from '@/lib/trace/runs';
import { createTestDatabase, type TestDatabase } from '../../support/test-db';
import { asNew, createRun, runFinished, runStarted, toolCall } from '../../support/trace/runs';
import { sampleCheckoutRun } from '../../support/trace/sample-run';

let t: TestDatabase;
let deps: RunLifecycleDeps & { clock: ManualClock };

beforeAll(async () => {
  t = await createTestDatabase({ seed: false });
  const clock = new ManualClock(1_000_000);
  deps = { db: t.db, clock, recorder: new TraceRecorder({ db: t.db, bus: new InProcessTraceBus(), clock }) };
});
afterAll(async () => t.dispose());

describe('finishRun', () => {
  it('records run.finished and writes the Run row summary from the events', async () => {
    await createRun(t.db, 'checkout');
    // The sample run without its end, replayed with its own times (it starts at ts 1,000,000).
    const events = sampleCheckoutRun('checkout').slice(0, -1);
    for (const event of events) await deps.recorder.append('checkout', asNew(event));
    deps.clock.advance(45);

    const { event, summary } = await finishRun(deps, 'checkout', {
      status: 'succeeded',
      outcome: 'order placed',
      order: { status: 'placed' },
    });
    expect(event).toMatchObject({
      seq: 25,
      ts: 1_000_045,
      spanId: 'run',
      data: { status: 'succeeded', outcome: 'order placed', durationMs: 45, order: { status: 'placed' } },
    });
    expect(summary).toMatchObject({
      status: 'succeeded',
      events: 25,
      modelSteps: 2,
      toolCalls: 5,
      errors: 1,
      faults: 1,
    });

    const run = await t.db.run.findUniqueOrThrow({ where: { id: 'checkout' } });
    expect(run).toMatchObject({
      status: 'succeeded',
      outcome: 'order placed',
      finishedAt: new Date(1_000_045),
      durationMs: 45,
      eventCount: 25,
      stepCount: 2,
      toolCallCount: 5,
      errorCount: 1,
      faultCount: 1,
      inputTokens: 200,
      outputTokens: 40,
    });
    expect(run.costUsd).toBeCloseTo(0.002, 10);
  });

  it("writes the same summary from the recorder's fold as from the stored log, and reads the log when the recorder joined mid-run", async () => {
    const events = sampleCheckoutRun('x').slice(0, -1);
    const end = { status: 'succeeded', outcome: 'order placed' } as const;
    await createRun(t.db, 'folded');
    for (const event of events) await deps.recorder.append('folded', asNew({ ...event, runId: 'folded' }));
    expect(deps.recorder.committedSummary?.('folded')).toMatchObject({ events: events.length });
    const folded = await finishRun(deps, 'folded', end);
    expect(folded.summary).toEqual(foldRunSummary(await loadEvents(t.db, 'folded')));

    // Another recorder (a restarted process) continues a log it did not see begin: it has no fold.
    await createRun(t.db, 'joined');
    for (const event of events.slice(0, 5)) await deps.recorder.append('joined', asNew({ ...event, runId: 'joined' }));
    const later = new TraceRecorder({ db: t.db, bus: new InProcessTraceBus(), clock: deps.clock });
    for (const event of events.slice(5)) await later.append('joined', asNew({ ...event, runId: 'joined' }));
    expect(later.committedSummary('joined')).toBeNull();
    const joined = await finishRun({ ...deps, recorder: later }, 'joined', end);
    expect(joined.summary).toEqual(foldRunSummary(await loadEvents(t.db, 'joined')));
    expect({ ...joined.summary, finishedAt: 0 }).toEqual({ ...folded.summary, finishedAt: 0 });
  });

  it('cannot finish a run twice, and validates its input', async () => {
    await expect(finishRun(deps, 'checkout', { status: 'failed', outcome: 'again' })).rejects.toMatchObject({
      code: 'run_closed',
    });
    await expect(finishRun(deps, 'checkout', { status: 'done' as 'failed', outcome: '' })).rejects.toThrow(/status/);
    await expect(finishRun(deps, 'nobody', { status: 'failed', outcome: '' })).rejects.toMatchObject({
      code: 'run_not_found',
    });
  });
});

describe('interruptRunningRuns', () => {
  it('ends every run still running with run.interrupted, repairs half-finished rows, and is idempotent', async () => {
    await createRun(t.db, 'stuck');
    await deps.recorder.append('stuck', { ...runStarted, ts: 1_000_000 });
    await deps.recorder.append('stuck', { ...toolCall(1), ts: 1_000_010 });
    await createRun(t.db, 'never-started');
    // Its end was recorded, but the process died before the row was updated.
    await createRun(t.db, 'half-finished');
    await deps.recorder.append('half-finished', runStarted);
    await deps.recorder.append('half-finished', runFinished);
    deps.clock.advance(100);

    const result = await interruptRunningRuns(deps, 'the server restarted');
    expect(result.failed).toEqual([]);
    expect(result.interrupted.sort()).toEqual(['never-started', 'stuck']);
    expect(result.repaired).toEqual(['half-finished']);

    const stuck = await loadEvents(t.db, 'stuck');
    expect(stuck.map((e) => [e.seq, e.type])).toEqual([
      [1, 'run.started'],
      [2, 'tool.call'],
      [3, 'run.interrupted'],
    ]);
    expect(stuck[2].data).toEqual({ reason: 'the server restarted' });
    const rows = await t.db.run.findMany({
      where: { id: { in: [...result.interrupted, ...result.repaired] } },
      orderBy: { id: 'asc' },
    });
    expect(rows.map((r) => [r.id, r.status, r.eventCount, r.toolCallCount])).toEqual([
      ['half-finished', 'succeeded', 2, 0],
      ['never-started', 'interrupted', 1, 0],
      ['stuck', 'interrupted', 3, 1],
    ]);
    expect(rows.find((r) => r.id === 'stuck')?.durationMs).toBe(deps.clock.now() - 1_000_000);

    expect(await interruptRunningRuns(deps, 'again')).toEqual({ interrupted: [], repaired: [], failed: [] });
  });
});
