import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveSummaries } from '@/lib/history/live-summary';
import { foldRunSummary, type RunSummary } from '@/lib/trace/projections/run-summary';
import { insertStatements } from '@/lib/trace/rows';
import type { TraceEvent } from '@/lib/trace/events';
import { createHistoryFixture, type HistoryFixture } from '../../support/history-fixture';

/** The SQL aggregate the list shows for runs in progress must say what the one fold says. */

let f: HistoryFixture;
beforeAll(async () => {
  f = await createHistoryFixture();
}, 120_000);
afterAll(async () => f.dispose());

function expectSame(
  live: Awaited<ReturnType<typeof liveSummaries>> extends Map<string, infer L> ? L : never,
  fold: RunSummary,
  label: string,
): void {
  expect(live, label).toMatchObject({
    eventCount: fold.events,
    stepCount: fold.modelSteps,
    toolCallCount: fold.toolCalls,
    errorCount: fold.errors,
    faultCount: fold.faults,
    inputTokens: Math.round(fold.inputTokens),
    outputTokens: Math.round(fold.outputTokens),
    durationMs: fold.durationMs === null ? null : Math.round(fold.durationMs),
  });
  expect(live.costUsd, label).toBeCloseTo(fold.costUsd, 12);
  expect(live.end?.status ?? 'running', label).toBe(fold.status);
  if (live.end) expect(live.end.outcome, label).toBe(fold.outcome);
}

/** A copy of a run's first `n` events under another run id, as if the run were still going. */
async function prefixRun(source: TraceEvent[], n: number, id: string, interrupted = false): Promise<TraceEvent[]> {
  await f.h.t.db.run.create({ data: { id, goal: 'g', model: 'm' } });
  const copy = source.slice(0, n).map((e) => ({ ...e, runId: id }));
  const last = copy.at(-1)!;
  if (interrupted)
    copy.push({
      runId: id,
      seq: last.seq + 1,
      ts: last.ts + 250,
      type: 'run.interrupted',
      spanId: 'run',
      parentSpanId: null,
      agent: null,
      data: { reason: 'server restarted' },
    });
  await f.h.t.db.$transaction(
    insertStatements(
      copy.map((event) => ({ event, payload: JSON.stringify(event.data) })),
      200,
    ).map((sql) => f.h.t.db.$executeRawUnsafe(sql)),
  );
  return copy;
}

describe('liveSummaries', () => {
  it('equals foldRunSummary on every finished run, on runs cut short at several points, and on interrupted ones', async () => {
    const all = await liveSummaries(f.h.t.db, f.runIds);
    for (const id of f.runIds) {
      const events = f.events.get(id)!;
      expectSame(all.get(id)!, foldRunSummary(events), id);
      for (const fraction of [0.1, 0.5, 0.9]) {
        const cut = Math.max(1, Math.floor(events.length * fraction));
        const prefixId = `${id}_cut_${cut}`;
        const prefix = await prefixRun(events, cut, prefixId);
        expectSame((await liveSummaries(f.h.t.db, [prefixId])).get(prefixId)!, foldRunSummary(prefix), prefixId);
      }
      const interrupted = await prefixRun(events, Math.floor(events.length / 2), `${id}_interrupted`, true);
      const live = (await liveSummaries(f.h.t.db, [`${id}_interrupted`])).get(`${id}_interrupted`)!;
      expect(live.end?.status).toBe('interrupted');
      expectSame(live, foldRunSummary(interrupted), `${id}_interrupted`);
    }
  });

  it('says nothing of runs without events', async () => {
    expect((await liveSummaries(f.h.t.db, ['no_such_run'])).size).toBe(0);
    expect((await liveSummaries(f.h.t.db, [])).size).toBe(0);
  });
});
