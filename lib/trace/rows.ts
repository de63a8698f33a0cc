import type { TraceEvent as TraceEventRow } from '@/lib/db/generated/client';
import { parseTraceEvent, type TraceEvent } from './events';

/**
 * TraceEvent ⇄ a TraceEvent table row: the envelope in columns, `data` as JSON text in `payload`,
 * plus the denormalized columns history filters index (briefs/trace-events.md).
 */

export type { TraceEventRow };

export interface DenormalizedColumns {
  toolName: string | null;
  status: 'ok' | 'error' | null;
  errorCode: string | null;
  faultKind: string | null;
}

export function denormalize(event: TraceEvent): DenormalizedColumns {
  const none: DenormalizedColumns = { toolName: null, status: null, errorCode: null, faultKind: null };
  switch (event.type) {
    case 'tool.call':
      return { ...none, toolName: event.data.toolName };
    case 'tool.result':
      return { ...none, toolName: event.data.toolName, status: event.data.status, errorCode: event.data.error?.code ?? null };
    case 'agent.finished':
      return { ...none, status: event.data.status };
    case 'run.finished':
      return { ...none, status: event.data.status === 'succeeded' ? 'ok' : 'error' };
    case 'fault.injected':
      return { ...none, faultKind: event.data.kind };
    default:
      return none;
  }
}

/** A stored row back into the event it was recorded from (validated: a hand-edited row fails loudly). */
export function fromRow(row: Pick<TraceEventRow, 'runId' | 'seq' | 'ts' | 'type' | 'spanId' | 'parentSpanId' | 'agent' | 'payload'>): TraceEvent {
  return parseTraceEvent({
    runId: row.runId,
    seq: row.seq,
    ts: row.ts,
    type: row.type,
    spanId: row.spanId,
    parentSpanId: row.parentSpanId,
    agent: row.agent,
    data: JSON.parse(row.payload) as unknown,
  });
}

export const INSERT_COLUMNS = ['runId', 'seq', 'ts', 'type', 'spanId', 'parentSpanId', 'agent', 'toolName', 'status', 'errorCode', 'faultKind', 'payload'] as const;

/**
 * A SQLite literal. Values are inlined rather than bound because Prisma's raw-parameter path costs
 * 2-3x the insert itself at thousands of parameters per statement (measured: scripts/bench). Safe:
 * SQLite string literals have one escape (a doubled quote); NUL would end the SQL text, so it is
 * spliced in with char(0); numbers are finite (the schema checked them).
 */
export function sqlLiteral(value: string | number | null): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
    return String(value);
  }
  const quoted = `'${value.replaceAll("'", "''")}'`;
  return value.includes('\0') ? quoted.replaceAll('\0', "' || char(0) || '") : quoted;
}

/** An event ready to insert: `payload` is its data as JSON, serialised once when it was appended. */
export interface EncodedEvent {
  event: TraceEvent;
  payload: string;
}

/** `(…)` of one row, in INSERT_COLUMNS order. */
export function rowTuple({ event, payload }: EncodedEvent): string {
  const d = denormalize(event);
  // One template rather than an array per row: this runs for every event recorded.
  return `(${sqlLiteral(event.runId)},${sqlLiteral(event.seq)},${sqlLiteral(event.ts)},${sqlLiteral(event.type)},${sqlLiteral(event.spanId)},${sqlLiteral(event.parentSpanId)},${sqlLiteral(event.agent)},${sqlLiteral(d.toolName)},${sqlLiteral(d.status)},${sqlLiteral(d.errorCode)},${sqlLiteral(d.faultKind)},${sqlLiteral(payload)})`;
}

/** One multi-row INSERT per chunk of `rowsPerStatement` events, in the order given. */
export function insertStatements(rows: readonly EncodedEvent[], rowsPerStatement: number): string[] {
  const head = `INSERT INTO "TraceEvent" (${INSERT_COLUMNS.map((c) => `"${c}"`).join(',')}) VALUES `;
  const statements: string[] = [];
  for (let i = 0; i < rows.length; i += rowsPerStatement) {
    statements.push(head + rows.slice(i, i + rowsPerStatement).map(rowTuple).join(','));
  }
  return statements;
}
