import type { TraceEvent } from '@/lib/trace/events';
import { foldGraph, graphLists, type GraphEdge } from '@/lib/trace/projections/graph';
import type { AlignedRow, Divergence, GraphDiff, GraphDiffEdge } from '@/lib/wire/replay';
import { myersMatches } from './myers';

/**
 * Comparing two traces: what stays equal between a run and its re-run or fork once
 * clock readings are set aside, where they first part, and how their agent graphs
 * differ. Pure: usable in the browser.
 */

/**
 * Fields that read a clock: they differ between any two runs (a live run reads the wall clock, its
 * re-run a manual one) and say nothing about behaviour: durations, and timestamps (`ts`, `…At`:
 * availableAt, createdAt, …) wherever they appear, tool outputs included; and run.started's `pace` (how long a browser
 * order waited for its watcher: re-runs run instant).
 */
const CLOCK_FIELDS = new Set(['ts', 'latencyMs', 'durationMs', 'pace']);
const isClockField = (key: string): boolean => CLOCK_FIELDS.has(key) || /^[a-z]+At$/.test(key);

/** ISO timestamps inside text (a model's answer quoting a tool result, say) are clock readings too. */
const ISO_TIME = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z/g;

function withoutClock(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(ISO_TIME, '<time>');
  if (Array.isArray(value)) return value.map(withoutClock);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([key]) => !isClockField(key))
        .map(([key, v]) => [key, withoutClock(v)]),
    );
  }
  return value;
}

/**
 * An event as compared: everything but its run id, its seq and clock readings. The seq is where it sits,
 * which the alignment accounts for: after one inserted event every later seq is one more, yet those
 * steps are the same.
 */
export function comparable(event: TraceEvent): unknown {
  const { runId: _runId, ts: _ts, seq: _seq, ...rest } = event;
  return withoutClock(rest);
}

/** A short label of what an event is, for aligning two traces step by step. */
export function stepSignature(event: TraceEvent): string {
  const data = event.data as Record<string, unknown>;
  const tool = typeof data.toolName === 'string' ? `:${data.toolName}` : '';
  const to = event.type === 'message.sent' ? `:${String(data.from)}->${String(data.to)}` : '';
  return `${event.type}:${event.agent ?? ''}${tool}${to}`;
}

/** Names of the top-level fields (of the event or its data) that differ. */
function differingFields(a: TraceEvent, b: TraceEvent): string[] {
  const ca = comparable(a) as Record<string, unknown>;
  const cb = comparable(b) as Record<string, unknown>;
  const fields: string[] = [];
  for (const key of new Set([...Object.keys(ca), ...Object.keys(cb)])) {
    if (key === 'data') {
      const da = (ca.data ?? {}) as Record<string, unknown>;
      const db = (cb.data ?? {}) as Record<string, unknown>;
      for (const k of new Set([...Object.keys(da), ...Object.keys(db)]))
        if (JSON.stringify(da[k]) !== JSON.stringify(db[k])) fields.push(`data.${k}`);
    } else if (JSON.stringify(ca[key]) !== JSON.stringify(cb[key])) fields.push(key);
  }
  return fields;
}

/**
 * What an event says an agent DID, for telling a change in behaviour from a change in bookkeeping:
 * who asked whom what, which tool was called with what, what came back (status, output, error
 * code), how an agent, a settlement and the run ended. null for bookkeeping: the run's setup (its
 * fault rules, seed, pace), which fault rule fired, rule changes, model retries and nudges, and a
 * model step's wording and tokens (what it chose to call is behaviour). Clock readings are already gone.
 */
export function behaviour(event: TraceEvent): unknown {
  switch (event.type) {
    case 'message.sent':
      return {
        from: event.data.from,
        to: event.data.to,
        direction: event.data.direction,
        text: withoutClock(event.data.text),
        data: withoutClock(event.data.data),
      };
    case 'tool.call':
      return { toolName: event.data.toolName, input: withoutClock(event.data.input) };
    case 'tool.result':
      return {
        toolName: event.data.toolName,
        status: event.data.status,
        output: withoutClock(event.data.output),
        error: event.data.error?.code,
      };
    case 'guard.blocked':
      return { toolName: event.data.toolName, input: withoutClock(event.data.input), reason: event.data.reason };
    case 'model.step':
      return { calls: event.data.toolCalls.map((c) => ({ toolName: c.toolName, input: withoutClock(c.input) })) };
    case 'agent.started':
      return { agent: event.data.agent };
    case 'agent.finished':
      return { agent: event.data.agent, status: event.data.status, result: withoutClock(event.data.result) };
    case 'run.finished':
      return { status: event.data.status, outcome: withoutClock(event.data.outcome) };
    case 'run.interrupted':
      return { reason: event.data.reason };
    case 'settlement.started':
    case 'settlement.finished':
      return withoutClock(event.data);
    default:
      return null;
  }
}

const sameBehaviour = (a: TraceEvent, b: TraceEvent) => JSON.stringify(behaviour(a)) === JSON.stringify(behaviour(b));

/** A row that differs in what an agent did (not only in bookkeeping, see behaviour()). */
export function isBehaviouralDifference(row: AlignedRow): boolean {
  if (row.kind === 'same') return false;
  if (row.a && row.b) return !sameBehaviour(row.a, row.b);
  return behaviour((row.a ?? row.b)!) !== null;
}

// The shapes a comparison shares with the API (rows, divergences, graph edges) are declared once, in lib/wire.
export type { AlignedRow, Divergence, GraphDiffEdge } from '@/lib/wire/replay';

export interface TraceComparison {
  identical: boolean;
  /** The first row that differs in anything (bookkeeping too): a re-run is exact only without one. */
  firstDivergence: Divergence | null;
  /** The first row where an agent did something else (asked, called, got back, ended): what a person looks for. */
  firstBehaviouralDivergence: Divergence | null;
  rows: AlignedRow[];
  graph: GraphDiff;
}

/** Rows from the matched pairs of an LCS of the signatures: what lies between two matches is added (b), then removed (a). */
function rowsFromMatches(a: TraceEvent[], b: TraceEvent[], matches: [number, number][]): AlignedRow[] {
  const rows: AlignedRow[] = [];
  let i = 0;
  let j = 0;
  for (const [mi, mj] of [...matches, [a.length, b.length] as [number, number]]) {
    while (j < mj) rows.push({ a: null, b: b[j++], kind: 'added' });
    while (i < mi) rows.push({ a: a[i++], b: null, kind: 'removed' });
    if (mi < a.length && mj < b.length) rows.push(pair(a[i++], b[j++]));
  }
  return rows;
}

const pair = (x: TraceEvent, y: TraceEvent): AlignedRow => ({
  a: x,
  b: y,
  kind: JSON.stringify(comparable(x)) === JSON.stringify(comparable(y)) ? 'same' : 'changed',
});

/** Cells of the textbook LCS table above which the traces are aligned with Myers' diff instead (its time grows with the differences, not N·M). */
const TABLE_CELLS = 4_000_000;

/** Longest-common-subsequence alignment on step signatures: the LCS table for short traces, Myers' O(ND) diff for long ones. */
function align(a: TraceEvent[], b: TraceEvent[]): AlignedRow[] {
  const sa = a.map(stepSignature);
  const sb = b.map(stepSignature);
  if (a.length * b.length > TABLE_CELLS) {
    const ids = new Map<string, number>();
    const code = (s: string) => ids.get(s) ?? (ids.set(s, ids.size), ids.size - 1);
    return rowsFromMatches(a, b, myersMatches(Int32Array.from(sa, code), Int32Array.from(sb, code)));
  }
  const rows: AlignedRow[] = [];
  const n = a.length;
  const m = b.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i][j] = sa[i] === sb[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && sa[i] === sb[j]) rows.push(pair(a[i++], b[j++]));
    else if (j < m && (i === n || lcs[i][j + 1] >= lcs[i + 1][j])) rows.push({ a: null, b: b[j++], kind: 'added' });
    else rows.push({ a: a[i++], b: null, kind: 'removed' });
  }
  return rows;
}

function edgeDiff(a: TraceEvent[], b: TraceEvent[]): TraceComparison['graph'] {
  const edgesOf = (events: TraceEvent[]) => new Map(graphLists(foldGraph(events)).edges.map((e) => [e.id, e]));
  const ea = edgesOf(a);
  const eb = edgesOf(b);
  const row = (id: string, x?: GraphEdge, y?: GraphEdge): GraphDiffEdge => ({
    id,
    source: (x ?? y)!.source,
    target: (x ?? y)!.target,
    countA: x?.count ?? 0,
    countB: y?.count ?? 0,
    errorsA: x?.errorCount ?? 0,
    errorsB: y?.errorCount ?? 0,
  });
  const added: GraphDiffEdge[] = [];
  const removed: GraphDiffEdge[] = [];
  const changed: GraphDiffEdge[] = [];
  for (const [id, y] of eb) if (!ea.has(id)) added.push(row(id, undefined, y));
  for (const [id, x] of ea) {
    const y = eb.get(id);
    if (!y) removed.push(row(id, x));
    else if (x.count !== y.count || x.errorCount !== y.errorCount) changed.push(row(id, x, y));
  }
  return { added, removed, changed };
}

function divergenceAt(rows: AlignedRow[], index: number): Divergence | null {
  const first = index === -1 ? null : rows[index];
  return first
    ? {
        row: index,
        seqA: first.a?.seq ?? null,
        seqB: first.b?.seq ?? null,
        fields: first.a && first.b ? differingFields(first.a, first.b) : [],
      }
    : null;
}

export function compareTraces(a: TraceEvent[], b: TraceEvent[]): TraceComparison {
  const rows = align(a, b);
  const index = rows.findIndex((r) => r.kind !== 'same');
  return {
    identical: index === -1,
    firstDivergence: divergenceAt(rows, index),
    firstBehaviouralDivergence: index === -1 ? null : divergenceAt(rows, rows.findIndex(isBehaviouralDifference)),
    rows,
    graph: edgeDiff(a, b),
  };
}
