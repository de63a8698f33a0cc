import { own } from './fold';
import { isRoot, type SpanKind, type SpanState, type SpanStatus } from './spans';

/**
 * Spans → waterfall rows. Not a reducer of its own: it reads the span fold (reduceSpans/foldSpans),
 * so a live view and a replay get their rows from the same state. Memoise on the SpanState identity.
 */

export interface TimelineRow {
  spanId: string;
  parentId: string | null;
  depth: number;
  kind: SpanKind;
  name: string;
  agent: string | null;
  status: SpanStatus;
  /** ms from the start of the timeline (the run's start). */
  offsetMs: number;
  /** ms; for an open span, up to `now`. */
  durationMs: number;
  open: boolean;
  faultCount: number;
  /** The guard refused this call: an attempt that never reached a service. */
  blocked: boolean;
}

export interface Timeline {
  startTs: number | null;
  endTs: number | null;
  durationMs: number;
  rows: TimelineRow[];
}

/**
 * Depth-first rows, children in start order. `now` is where open spans end (a live view passes its
 * clock; by default the latest time the spans know of).
 */
export function timeline(state: SpanState, now?: number): Timeline {
  const spans = state.order.map((id) => state.spans[id]);
  if (spans.length === 0) return { startTs: null, endTs: null, durationMs: 0, rows: [] };
  // Loops, not Math.min(...spread): a long run would overflow the argument list.
  let startTs = Infinity;
  let latest = -Infinity;
  for (const span of spans) {
    startTs = Math.min(startTs, span.startTs);
    latest = Math.max(latest, span.endTs ?? span.startTs);
    for (const event of span.events) latest = Math.max(latest, event.ts);
  }
  const endTs = Math.max(latest, now ?? latest);
  const rows: TimelineRow[] = [];
  const visit = (id: string, depth: number) => {
    const span = state.spans[id];
    const end = span.endTs ?? endTs;
    rows.push({
      spanId: span.id,
      parentId: span.parentId,
      depth,
      kind: span.kind,
      name: span.name,
      agent: span.agent,
      status: span.status,
      offsetMs: span.startTs - startTs,
      durationMs: Math.max(0, end - span.startTs),
      open: span.endTs === null,
      faultCount: span.faultCount,
      blocked: span.blocked,
    });
    for (const child of own(state.children, id) ?? []) visit(child, depth + 1);
  };
  for (const span of spans) if (isRoot(state, span)) visit(span.id, 0);
  return { startTs, endTs, durationMs: endTs - startTs, rows };
}
