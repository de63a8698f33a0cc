import { describe, expect, it } from 'vitest';
import { foldBatch } from '@/lib/trace/projections/fold';
import { emptyRunView, foldRunView, reduceRunView } from '@/lib/trace/projections/run-view';
import { sampleCheckoutRun } from '../../../support/trace/sample-run';

describe('foldBatch', () => {
  const events = sampleCheckoutRun('run_1');

  // Event by event, each step copying what it changes: the reference the batch must agree with.
  const stepByStep = (list: typeof events) => list.reduce(reduceRunView, emptyRunView);

  it('folds to the same view as event-by-event reduction', () => {
    expect(foldBatch(reduceRunView, emptyRunView, events)).toEqual(stepByStep(events));
    // The whole-log folds (the API's, the server's) are batches too: one copy per record, not one per event.
    expect(foldRunView(events)).toEqual(stepByStep(events));
  });

  it('never changes a state someone outside the batch has seen', () => {
    const half = Math.floor(events.length / 2);
    const seen = stepByStep(events.slice(0, half));
    const before = JSON.stringify(seen);
    const after = foldBatch(reduceRunView, seen, events.slice(half));
    expect(JSON.stringify(seen)).toBe(before);
    expect(after).toEqual(foldRunView(events));
  });

  it('leaves later, unbatched reductions copying again', () => {
    const batched = foldBatch(reduceRunView, emptyRunView, events.slice(0, -1));
    const snapshot = JSON.stringify(batched);
    reduceRunView(batched, events.at(-1)!);
    expect(JSON.stringify(batched)).toBe(snapshot);
  });
});
