import { describe, expect, it } from 'vitest';
import { compareTraces } from '@/lib/replay/compare';
import type { TraceEvent } from '@/lib/trace/events';
import {
  compactRows,
  countKinds,
  differingPaths,
  nextDifference,
  parseRow,
  sideEvents,
  visibleRows,
} from '@/components/compare/compare-model';
import { eventLabel } from '@/components/replay/event-label';
import { sampleCheckoutRun } from '../../../support/trace/sample-run';

const a = sampleCheckoutRun('run_a');
/** B: the same run, re-timed (clock readings only), with the backup authorization's output changed and the last event gone. */
const b: TraceEvent[] = sampleCheckoutRun('run_b')
  .map((e) => ({ ...e, ts: e.ts + 500 }))
  .map((e) =>
    e.type === 'tool.result' && e.data.toolCallId === 'tc5'
      ? { ...e, data: { ...e.data, output: { id: 'p2' }, latencyMs: 99 } }
      : e,
  )
  .slice(0, -1);
const { rows } = compareTraces(a, b);

describe('the compare page model', () => {
  it('counts rows per kind and lists the rows on screen', () => {
    const counts = countKinds(rows);
    expect(counts).toEqual({ same: a.length - 2, changed: 1, added: 0, removed: 1 });
    expect(visibleRows(rows, false)).toHaveLength(rows.length);
    expect(visibleRows(rows, true).map((i) => rows[i].kind)).toEqual(['changed', 'removed']);
  });

  it('steps from difference to difference in both directions', () => {
    const [first, second] = visibleRows(rows, true);
    expect(nextDifference(rows, -1, 1)).toBe(first);
    expect(nextDifference(rows, first, 1)).toBe(second);
    expect(nextDifference(rows, second, 1)).toBeNull();
    expect(nextDifference(rows, rows.length, -1)).toBe(second);
    expect(nextDifference(rows, first, -1)).toBeNull();
  });

  it('names the paths that differ, ignoring clock readings and run ids', () => {
    const changed = rows.find((r) => r.kind === 'changed')!;
    expect(differingPaths(changed.a!, changed.b!)).toEqual(['data.output.id']);
    const same = rows.find((r) => r.kind === 'same')!;
    expect(differingPaths(same.a!, same.b!)).toEqual([]);
  });

  it('carries a label per side, not the events, and keeps every row’s kind', () => {
    const compact = compactRows(rows);
    expect(compact.map((r) => r.kind)).toEqual(rows.map((r) => r.kind));
    const removed = compact.findIndex((r) => r.kind === 'removed');
    expect(compact[removed]).toEqual({
      kind: 'removed',
      a: { seq: rows[removed].a!.seq, label: eventLabel(rows[removed].a!), failed: false },
      b: null,
    });
    const fault = rows.findIndex((r) => r.a?.type === 'fault.injected');
    expect(compact[fault].a?.failed).toBe(true);
    expect(countKinds(compact)).toEqual(countKinds(rows));
  });

  it('gives back each side’s log from the alignment, and reads ?row=', () => {
    expect(sideEvents(rows, 'a')).toEqual(a);
    expect(sideEvents(rows, 'b')).toEqual(b);
    expect(parseRow('3', rows.length)).toBe(3);
    expect(parseRow(String(rows.length), rows.length)).toBeNull();
    expect(parseRow('x', rows.length)).toBeNull();
    expect(parseRow(undefined, rows.length)).toBeNull();
  });
});
