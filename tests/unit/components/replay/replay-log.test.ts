import { describe, expect, it } from 'vitest';
import { emptyRunView, foldRunView } from '@/lib/trace/projections/run-view';
import {
  createReplayLog,
  foldRecording,
  positionOfSeq,
  seqAt,
  startUnseenFold,
  viewAt,
  type UnseenFold,
} from '@/components/replay/replay-log';
import { parseAt, withAt } from '@/components/replay/replay-url';
import { sampleCheckoutRun } from '../../../support/trace/sample-run';

const events = sampleCheckoutRun('run_r');

/** The log as the run page builds it: batches as they stream in, with a reconnect's repeats. */
function streamed(every: number, unseen?: UnseenFold) {
  const log = createReplayLog(every);
  let view = emptyRunView;
  const batches = [events.slice(0, 5), events.slice(3, 9), events.slice(9, 10), events.slice(0, 2), events.slice(10)];
  for (const batch of batches) view = foldRecording(log, view, batch, unseen);
  return { log, view };
}

describe('the replay log', () => {
  it('keeps each applied event once, in seq order, with a checkpoint every N events at first', () => {
    expect(events.length).toBeLessThan(8 * 4);
    const { log, view } = streamed(4);
    expect(log.events.map((e) => e.seq)).toEqual(events.map((e) => e.seq));
    expect(log.checkpoints.map((c) => c.position)).toEqual(
      Array.from({ length: 1 + Math.floor(events.length / 4) }, (_, i) => i * 4),
    );
    expect(view).toEqual(foldRunView(events));
  });

  it('spaces checkpoints an eighth of the log apart once the log is long', () => {
    const { log } = streamed(1);
    const gaps = log.checkpoints.slice(1).map((c, i) => c.position - log.checkpoints[i].position);
    expect(gaps).toEqual(log.checkpoints.slice(0, -1).map((c) => Math.max(1, Math.floor(c.position / 8))));
    expect(gaps.at(-1)).toBeGreaterThan(1);
    for (const c of log.checkpoints) expect(c.view).toEqual(foldRunView(events.slice(0, c.position)));
  });

  it('folded as one unseen fold, gives the same log and never changes a kept checkpoint', () => {
    const log = createReplayLog(3);
    const unseen = startUnseenFold();
    let view = emptyRunView;
    const kept: string[] = [];
    for (let i = 0; i < events.length; i += 2) {
      view = foldRecording(log, view, events.slice(i, i + 2), unseen);
      kept.push(...log.checkpoints.slice(kept.length).map((c) => JSON.stringify(c.view)));
    }
    expect(view).toEqual(foldRunView(events));
    expect(log.checkpoints.map((c) => JSON.stringify(c.view))).toEqual(kept);
    for (const c of log.checkpoints) expect(c.view).toEqual(foldRunView(events.slice(0, c.position)));
    expect(log.checkpoints).toEqual(streamed(3).log.checkpoints);
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
