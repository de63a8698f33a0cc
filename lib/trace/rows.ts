import type { TraceEvent as TraceEventRow } from '@/lib/db/generated/client';
import { parseTraceEvent, type TraceEvent } from './events';

/**
 * TraceEvent ⇄ a TraceEvent table row: the envelope in columns, `data` as JSON text in `payload`,
 * plus the denormalized columns history filters index (docs/architecture.md, "Data model").
 */

export type { TraceEventRow };

export interface DenormalizedColumns {
  toolName: string | null;
  status: 'ok' | 'error' | null;
  errorCode: string | null;
  faultKind: string | null;
}

const NO_COLUMNS: DenormalizedColumns = Object.freeze({
  toolName: null,
  status: null,
  errorCode: null,
  faultKind: null,
});

// One literal per case rather than spreading a default: this runs for every event recorded.
export function denormalize(event: TraceEvent): DenormalizedColumns {
  switch (event.type) {
    case 'tool.call':
      return { toolName: event.data.toolName, status: null, errorCode: null, faultKind: null };
    case 'tool.result':
      return {
        toolName: event.data.toolName,
        status: event.data.status,
        errorCode: event.data.error?.code ?? null,
        faultKind: null,
      };
    case 'agent.finished':
      return { toolName: null, status: event.data.status, errorCode: null, faultKind: null };
    case 'run.finished':
      return {
        toolName: null,
        status: event.data.status === 'succeeded' ? 'ok' : 'error',
        errorCode: null,
        faultKind: null,
      };
    case 'fault.injected':
      return { toolName: null, status: null, errorCode: null, faultKind: event.data.kind };
    // The reason in errorCode: history finds blocked runs through that column's index (lib/history).
    case 'guard.blocked':
      return { toolName: event.data.toolName, status: null, errorCode: event.data.reason, faultKind: null };
    case 'settlement.finished':
      return {
        toolName: null,
        status: event.data.status === 'settled' ? 'ok' : 'error',
        errorCode: event.data.status === 'settled' ? null : 'needs_review',
        faultKind: null,
      };
    default:
      return NO_COLUMNS;
  }
}

/** A stored row back into the event it was recorded from (validated: a hand-edited row fails loudly). */
export function fromRow(
  row: Pick<TraceEventRow, 'runId' | 'seq' | 'ts' | 'type' | 'spanId' | 'parentSpanId' | 'agent' | 'payload'>,
): TraceEvent {
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

export const INSERT_COLUMNS = [
  'runId',
  'seq',
  'ts',
  'type',
  'spanId',
  'parentSpanId',
  'agent',
  'toolName',
  'status',
  'errorCode',
  'faultKind',
  'payload',
] as const;

/**
 * A SQLite literal. Values are inlined rather than bound because Prisma's raw-parameter path costs
 * 2-3x the insert itself at thousands of parameters per statement (measured: scripts/bench). Safe:
 * SQLite string literals have one escape (a doubled quote); NUL would end the SQL text, so it is
 * spliced in with char(0); numbers are finite (the schema checked them).
 */
export function sqlLiteral(value: string | number | null): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') return numberLiteral(value);
  return stringLiteral(value);
}

function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  return String(value);
}

const QUOTES = /'/g;

// The scans first: most values (ids, names, most payloads) have neither a quote nor a NUL, and
// skipping the replace there saves a copy of every payload (about a third of building a batch).
function stringLiteral(value: string): string {
  const quoted = value.indexOf("'") === -1 ? value : value.replace(QUOTES, "''");
  return value.indexOf('\0') === -1 ? `'${quoted}'` : `'${quoted.replaceAll('\0', "' || char(0) || '")}'`;
}

function nullableLiteral(value: string | null): string {
  return value === null ? 'NULL' : stringLiteral(value);
}

/** An event ready to insert: `payload` is its data as JSON, serialised once when it was appended. */
export interface EncodedEvent {
  event: TraceEvent;
  payload: string;
}

/** `(…)` of one row, in INSERT_COLUMNS order. */
export function rowTuple({ event, payload }: EncodedEvent): string {
  const d = denormalize(event);
  // One string built by +, no array or template per value: this runs for every event recorded.
  return (
    '(' +
    stringLiteral(event.runId) +
    ',' +
    numberLiteral(event.seq) +
    ',' +
    numberLiteral(event.ts) +
    ',' +
    stringLiteral(event.type) +
    ',' +
    stringLiteral(event.spanId) +
    ',' +
    nullableLiteral(event.parentSpanId) +
    ',' +
    nullableLiteral(event.agent) +
    ',' +
    nullableLiteral(d.toolName) +
    ',' +
    nullableLiteral(d.status) +
    ',' +
    nullableLiteral(d.errorCode) +
    ',' +
    nullableLiteral(d.faultKind) +
    ',' +
    stringLiteral(payload) +
    ')'
  );
}

const INSERT_HEAD = `INSERT INTO "TraceEvent" (${INSERT_COLUMNS.map((c) => `"${c}"`).join(',')}) VALUES `;

/**
 * Statements are cut at this many characters too, whatever rowsPerStatement says: far below SQLite's
 * 1e9-byte statement limit and V8's string limit, however large the payloads of a batch.
 */
export const MAX_STATEMENT_CHARS = 16_000_000;

/** Multi-row INSERTs of `rowsPerStatement` events each (fewer if they are large), in the order given. */
export function insertStatements(
  rows: readonly EncodedEvent[],
  rowsPerStatement: number,
  maxChars = MAX_STATEMENT_CHARS,
): string[] {
  const statements: string[] = [];
  let sql = '';
  let inStatement = 0;
  for (const row of rows) {
    const tuple = rowTuple(row);
    if (inStatement > 0 && (inStatement === rowsPerStatement || sql.length + tuple.length >= maxChars)) {
      statements.push(sql);
      inStatement = 0;
    }
    sql = inStatement === 0 ? INSERT_HEAD + tuple : sql + ',' + tuple;
    inStatement += 1;
  }
  if (inStatement > 0) statements.push(sql);
  return statements;
}
