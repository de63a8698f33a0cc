import { describe, expect, it } from 'vitest';
import { emptyRunView, foldRunView } from '@/lib/trace/projections/run-view';
import { createReplayLog, foldRecording, positionOfSeq, seqAt, viewAt } from '@/components/replay/replay-log';
import { parseAt, withAt } from '@/components/replay/replay-url';
import { sampleCheckoutRun } from '../../trace/support/sample-run';

const events = sampleCheckoutRun('run_r');

/** The log as the run page builds it: batches as they stream in, with a reconnect's repeats. */
function streamed(every: number) {
  const log = createReplayLog(every);
  let view = emptyRunView;
  const batches = [events.slice(0, 5), events.slice(3, 9), events.slice(9, 10), events.slice(0, 2), events.slice(10)];
  for (const batch of batches) view = foldRecording(log, view, batch);
  return { log, view };
}

describe('the replay log', () => {
  it('keeps each applied event once, in seq order, with a checkpoint every N events', () => {
    const { log, view } = streamed(4);
    expect(log.events.map((e) => e.seq)).toEqual(events.map((e) => e.seq));
    expect(log.checkpoints).toHaveLength(1 + Math.floor(events.length / 4));
    expect(view).toEqual(foldRunView(events));
  });

  it('gives, at every position, exactly the fold of that prefix, in whatever order positions are visited', () => {
    const { log } = streamed(3);
    const positions = [...Array(events.length + 1).keys()];
    const order = [...positions, ...[...positions].reverse(), 7, 2, 19, 0, 11, 12, 13, 5, events.length, 1];
    for (const p of order) expect(viewAt(log, p), `position ${p}`).toEqual(foldRunView(events.slice(0, p)));
  });

  it('clamps positions and maps them to seqs and back', () => {
    const { log } = streamed(5);
    expect(viewAt(log, -3)).toEqual(emptyRunView);
    expect(viewAt(log, 1e9)).toEqual(foldRunView(events));
    expect(seqAt(log, 0)).toBe(0);
    expect(seqAt(log, 4)).toBe(events[3].seq);
    for (const e of events) expect(seqAt(log, positionOfSeq(log, e.seq))).toBe(e.seq);
    expect(positionOfSeq(log, 0)).toBe(0);
    expect(positionOfSeq(log, 10_000)).toBe(events.length);
  });

  it('reads and writes ?at= beside the other parameters', () => {
    expect(parseAt('42')).toBe(42);
    expect(parseAt('-1')).toBeNull();
    expect(parseAt('4e2')).toBeNull();
    expect(parseAt(undefined)).toBeNull();
    expect(withAt('?span=s1', 7)).toBe('?span=s1&at=7');
    expect(withAt('?span=s1&at=7', null)).toBe('?span=s1');
    expect(withAt('?at=7', null)).toBe('');
  });
});
