import { comparable, isBehaviouralDifference, type AlignedRow } from '@/lib/replay/compare';
import type { TraceEvent } from '@/lib/trace/events';
import { eventLabel } from '../replay/event-label';

/**
 * The compare page's model over lib/replay's alignment: the rows as the page carries them (a label
 * per side, not the events: a 10,000-event run would weigh megabytes), counts per kind, the rows a
 * person steps through (every row, or only the differences), and which fields of a changed pair differ.
 */

export type RowKind = AlignedRow['kind'];
export const ROW_KINDS: RowKind[] = ['same', 'changed', 'added', 'removed'];

export interface RowSide {
  seq: number;
  label: string;
  /** A failed tool result or an injected fault. */
  failed: boolean;
}

export interface CompactRow {
  kind: RowKind;
  a: RowSide | null;
  b: RowSide | null;
  /** It differs, but only in bookkeeping (which fault rule fired, the run's setup, a model's wording): see lib/replay/compare behaviour(). */
  bookkeeping?: true;
}

const side = (event: TraceEvent | null): RowSide | null =>
  event && {
    seq: event.seq,
    label: eventLabel(event),
    failed: (event.type === 'tool.result' && event.data.status === 'error') || event.type === 'fault.injected',
  };

export function compactRows(rows: readonly AlignedRow[]): CompactRow[] {
  return rows.map((r) =>
    r.kind !== 'same' && !isBehaviouralDifference(r)
      ? { kind: r.kind, a: side(r.a), b: side(r.b), bookkeeping: true }
      : { kind: r.kind, a: side(r.a), b: side(r.b) },
  );
}

/**
 * The rows as the page steps through them: with bookkeeping hidden, a row that differs only in
 * bookkeeping counts as the same (it is still drawn, marked as such), so "only differences", the
 * counts and n/p are about behaviour.
 */
export function asShown(rows: readonly CompactRow[], showBookkeeping: boolean): readonly CompactRow[] {
  return showBookkeeping ? rows : rows.map((r) => (r.bookkeeping ? { ...r, kind: 'same' as const } : r));
}

type Kinded = { kind: RowKind };

export function countKinds(rows: readonly Kinded[]): Record<RowKind, number> {
  const counts: Record<RowKind, number> = { same: 0, changed: 0, added: 0, removed: 0 };
  for (const r of rows) counts[r.kind]++;
  return counts;
}

/** Indexes (into `rows`) of the rows on screen. */
export function visibleRows(rows: readonly Kinded[], onlyDifferences: boolean): number[] {
  const out: number[] = [];
  rows.forEach((r, i) => {
    if (!onlyDifferences || r.kind !== 'same') out.push(i);
  });
  return out;
}

/** The next (dir 1) or previous (dir -1) differing row from `from` (a row index; -1 before the first), or null. */
export function nextDifference(rows: readonly Kinded[], from: number, dir: 1 | -1): number | null {
  for (let i = from + dir; i >= 0 && i < rows.length; i += dir) if (rows[i].kind !== 'same') return i;
  return null;
}

/** Dotted paths (at most `max`) where two events differ once clock readings and run ids are set aside. */
export function differingPaths(a: TraceEvent, b: TraceEvent, max = 20): string[] {
  const out: string[] = [];
  const walk = (x: unknown, y: unknown, path: string) => {
    if (out.length >= max) return;
    if (JSON.stringify(x) === JSON.stringify(y)) return;
    const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
    if (isObj(x) && isObj(y) && Array.isArray(x) === Array.isArray(y)) {
      for (const key of new Set([...Object.keys(x), ...Object.keys(y)]))
        walk(x[key], y[key], path ? `${path}.${key}` : key);
      return;
    }
    out.push(path || '(whole event)');
  };
  walk(comparable(a), comparable(b), '');
  return out;
}

/** Each side's events, in order, from the aligned rows (the alignment keeps both orders). */
export function sideEvents(rows: readonly AlignedRow[], side: 'a' | 'b'): TraceEvent[] {
  return rows.flatMap((r) => (r[side] ? [r[side]!] : []));
}

/** ?row=<index> on /compare: the selected row, kept in the URL. */
export function parseRow(value: string | undefined, total: number): number | null {
  if (!value || !/^\d{1,7}$/.test(value)) return null;
  const n = Number(value);
  return n < total ? n : null;
}
