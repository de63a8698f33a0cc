import type { TraceEvent } from '@/lib/trace/events';

/**
 * A trace as text with what legitimately differs between two placements of the same order set aside,
 * so that "the same run" can be checked byte for byte: one JSON line per event.
 *
 * - Clock readings become `<time>`: `ts`, `latencyMs`, `durationMs`, any `…At` field (availableAt,
 *   createdAt, …), and ISO timestamps inside text.
 * - Ids become `<id1>`, `<id2>`, … in order of first appearance, wherever they occur (fields, tool
 *   inputs and outputs, reasoning text, idempotency keys). Equal outputs therefore mean the two traces
 *   are the same up to a consistent one-to-one renaming of ids, not merely "ids somewhere".
 *
 * An id is what the app mints (and an event's `runId`, whatever its shape: a Run row's default id is a cuid): a lowercase prefix, `_`, then letters, digits, `_` or `-`, with a digit
 * among them (`ord_1`, `run_3f9a…`, `auth_run_1-2`, `call_k2x_3`). Demo data names without digits
 * (`cus_ada`, `pm_grace_mc`), tool names and SKUs are the same in every store and stay as they are.
 * Carrier tracking numbers are ids as well.
 */
const ID = /\b[a-z][a-z0-9]*_[A-Za-z0-9_-]*\d[A-Za-z0-9_-]*/g;
/** Carrier tracking numbers (UPS 1Z…, FedEx 7…, DHL JD…): ids too, minted from the label's id. */
const TRACKING_NO = /\b(?:1Z|JD|7)\d{10}\b/g;
const ISO_TIME = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z/g;
const CLOCK_FIELDS = new Set(['ts', 'latencyMs', 'durationMs']);
const isClockField = (key: string): boolean => CLOCK_FIELDS.has(key) || /^[a-z][A-Za-z]*At$/.test(key);

export function normaliseTrace(events: readonly TraceEvent[]): string {
  const names = new Map<string, string>();
  const idName = (id: string): string => {
    let name = names.get(id);
    if (!name) names.set(id, (name = `<id${names.size + 1}>`));
    return name;
  };
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string')
      return value.replace(ISO_TIME, '<time>').replace(ID, idName).replace(TRACKING_NO, idName);
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([key, v]) => [
          key,
          isClockField(key) ? '<time>' : key === 'runId' && typeof v === 'string' ? idName(v) : walk(v),
        ]),
      );
    }
    return value;
  };
  return events.map((event) => JSON.stringify(walk(event))).join('\n');
}
