import { createHash } from 'node:crypto';
import type { OtlpAnyValue, OtlpKeyValue } from './otlp-json';

/** The small conversions an OTLP/JSON document is made of: ids, times, attribute values. */

function digestHex(text: string, hexDigits: number): string {
  const id = createHash('sha256').update(text, 'utf8').digest('hex').slice(0, hexDigits);
  // An all-zero id is invalid in OTLP; one in 2^64 hashes, but a valid document must not depend on luck.
  return /[1-9a-f]/.test(id) ? id : `${id.slice(0, -1)}1`;
}

/** A run's trace id: 32 hex digits derived from its id, so every export of a run agrees. */
export function otlpTraceId(runId: string): string {
  return digestHex(`trace\u0000${runId}`, 32);
}

/** A span's id: 16 hex digits derived from the run and our span id ('run', 's12', 's3/msg-9'). */
export function otlpSpanId(runId: string, spanId: string): string {
  return digestHex(`span\u0000${runId}\u0000${spanId}`, 16);
}

/**
 * Milliseconds since the epoch → nanoseconds as a decimal string, to the microsecond: epoch
 * microseconds are still exact integers in a double (ms × 1e6 would not be), and a double holding
 * epoch milliseconds carries no finer truth than that.
 */
export function unixNanos(ms: number): string {
  return (BigInt(Math.round(ms * 1000)) * 1000n).toString();
}

/** A number is an int64 when it is a safe integer; `{ double }` forces a double (a cost of 0 is still money). */
export type AttributeValue = string | number | boolean | { double: number } | readonly string[] | null | undefined;

export function anyValue(value: Exclude<AttributeValue, null | undefined>): OtlpAnyValue {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number')
    return Number.isSafeInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  if ('double' in value) return { doubleValue: value.double };
  return { arrayValue: { values: value.map((v) => ({ stringValue: v })) } };
}

/** Key/values in the order given; null and undefined are left out (OTLP has no null attribute). */
export function keyValues(attributes: Readonly<Record<string, AttributeValue>>): OtlpKeyValue[] {
  return Object.entries(attributes).flatMap(([key, value]) =>
    value === null || value === undefined ? [] : [{ key, value: anyValue(value) }],
  );
}

/** Structured data as one attribute (the GenAI conventions carry arguments and results as JSON text). */
export function jsonText(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}
