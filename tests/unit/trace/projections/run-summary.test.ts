import { describe, expect, it } from 'vitest';
import { emptyRunSummary, foldRunSummary } from '@/lib/trace/projections/run-summary';
import { emptyRunView, foldRunView, reduceRunView } from '@/lib/trace/projections/run-view';
import { sampleCheckoutRun } from '../../../support/trace/sample-run';

const T0 = 1_000_000;

describe('run summary fold', () => {
  it('counts a finished checkout', () => {
    const summary = foldRunSummary(sampleCheckoutRun());
    expect(summary).toEqual({
      status: 'succeeded',
      outcome: 'order placed',
      startedAt: T0,
      finishedAt: T0 + 41,
      durationMs: 41,
      events: 25,
      modelSteps: 2,
      toolCalls: 5,
      errors: 1,
      faults: 1,
      blocked: 0,
      inputTokens: 200,
      outputTokens: 40,
      costUsd: 0.002,
      lastSeq: 25,
      lastTs: T0 + 41,
    });
  });

  it('reports a running run with its elapsed time', () => {
    expect(foldRunSummary(sampleCheckoutRun().slice(0, 17))).toMatchObject({
      status: 'running',
      events: 17,
      durationMs: 27,
      finishedAt: null,
      faults: 1,
      errors: 0,
    });
  });

  it('ignores duplicates', () => {
    const events = sampleCheckoutRun();
    expect(foldRunSummary([...events, ...events])).toEqual(foldRunSummary(events));
    expect(foldRunSummary([])).toEqual(emptyRunSummary);
  });
});

describe('run view', () => {
  it('advances spans, graph and summary together, live or replayed', () => {
    const events = sampleCheckoutRun();
    let live = emptyRunView;
    for (const event of events) live = reduceRunView(live, event);
    const replay = foldRunView(events);
    expect(live).toEqual(replay);
    expect(replay.summary.events).toBe(25);
    expect(replay.spans.order).toHaveLength(15);
    expect(replay.graph.nodeOrder).toHaveLength(5);
    expect(reduceRunView(replay, events[3])).toBe(replay);
  });
});
