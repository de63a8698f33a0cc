import { describe, expect, it } from 'vitest';
import type { HistoryRun, RunChangeFrame } from '@/components/api/history';
import { applyRunChange, compareRuns, type LoadedList } from '@/components/history/history-list';

const run = (id: string, startedAt: string, patch: Partial<HistoryRun> = {}): HistoryRun => ({
  id,
  status: 'succeeded',
  outcome: 'order placed',
  mode: 'agents',
  source: 'local',
  model: 'offline-planner',
  goal: 'g',
  customerId: 'cus_ada',
  customerName: 'Ada',
  orderId: `ord_${id}`,
  batchId: null,
  parentRunId: null,
  forkedAtSeq: null,
  startedAt,
  finishedAt: startedAt,
  durationMs: 100,
  eventCount: 10,
  stepCount: 3,
  toolCallCount: 2,
  errorCount: 0,
  faultCount: 0,
  faultKinds: [],
  blockedCount: 0,
  inputTokens: 10,
  outputTokens: 5,
  tokens: 15,
  costUsd: 0,
  ...patch,
});
const frame = (r: HistoryRun, change: RunChangeFrame['change'] = 'run.progress', matches = true): RunChangeFrame => ({
  change,
  run: r,
  matches,
});
const list = (runs: HistoryRun[], nextCursor: string | null = null): LoadedList => ({ runs, nextCursor, unseen: 0 });
const ids = (l: LoadedList) => l.runs.map((r) => r.id);

const a = run('a', '2026-01-01T10:00:00.000Z');
const b = run('b', '2026-01-01T09:00:00.000Z');
const c = run('c', '2026-01-01T08:00:00.000Z');

describe('the history list under the live feed', () => {
  it('puts a run that starts where it sorts (newest first: the top)', () => {
    const started = run('d', '2026-01-01T11:00:00.000Z', { status: 'running', outcome: '', durationMs: 5 });
    expect(ids(applyRunChange(list([a, b, c]), frame(started, 'run.started'), 'startedAt', 'desc'))).toEqual([
      'd',
      'a',
      'b',
      'c',
    ]);
    expect(ids(applyRunChange(list([c, b, a]), frame(started, 'run.started'), 'startedAt', 'asc'))).toEqual([
      'c',
      'b',
      'a',
      'd',
    ]);
  });

  it('updates a known run in place and drops one that stops matching the filters', () => {
    const progressed = { ...b, stepCount: 9 };
    const updated = applyRunChange(list([a, b, c]), frame(progressed), 'startedAt', 'desc');
    expect(ids(updated)).toEqual(['a', 'b', 'c']);
    expect(updated.runs[1].stepCount).toBe(9);
    expect(ids(applyRunChange(list([a, b, c]), frame(b, 'run.finished', false), 'startedAt', 'desc'))).toEqual([
      'a',
      'c',
    ]);
    const unknownGone = list([a, c]);
    expect(applyRunChange(unknownGone, frame(b, 'run.finished', false), 'startedAt', 'desc')).toBe(unknownGone);
  });

  it('moves a run whose sort key changed when it ended, running runs last', () => {
    const slow = run('s', '2026-01-01T07:00:00.000Z', { status: 'running', durationMs: 50 });
    const l = list([a, b, slow]);
    const ended = applyRunChange(
      l,
      frame({ ...slow, status: 'succeeded', durationMs: 999 }, 'run.finished'),
      'duration',
      'desc',
    );
    expect(ids(ended)).toEqual(['s', 'a', 'b']);
    expect(compareRuns(slow, a, 'duration', 'desc')).toBeGreaterThan(0);
    expect(compareRuns(slow, a, 'duration', 'asc')).toBeGreaterThan(0);
  });

  it('leaves a new run that sorts past the loaded rows to the next page, and only counts new runs on a later page', () => {
    const old = run('o', '2025-12-31T00:00:00.000Z');
    expect(ids(applyRunChange(list([a, b], 'cursor'), frame(old, 'run.started'), 'startedAt', 'desc'))).toEqual([
      'a',
      'b',
    ]);
    expect(ids(applyRunChange(list([a, b], null), frame(old, 'run.started'), 'startedAt', 'desc'))).toEqual([
      'a',
      'b',
      'o',
    ]);
    const fresh = run('n', '2026-02-01T00:00:00.000Z', { status: 'running' });
    const paged = applyRunChange(list([b, c], 'cursor'), frame(fresh, 'run.started'), 'startedAt', 'desc', true);
    expect(ids(paged)).toEqual(['b', 'c']);
    expect(paged.unseen).toBe(1);
    // A run already on the later page still updates there.
    expect(
      applyRunChange(list([b, c]), frame({ ...c, errorCount: 2 }), 'startedAt', 'desc', true).runs[1].errorCount,
    ).toBe(2);
  });

  it('orders ties by id in the direction of the sort, like the API', () => {
    const x = run('x', a.startedAt);
    expect(compareRuns(x, a, 'startedAt', 'desc')).toBeLessThan(0);
    expect(compareRuns(x, a, 'startedAt', 'asc')).toBeGreaterThan(0);
  });
});
