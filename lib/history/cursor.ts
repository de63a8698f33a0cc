import { z } from 'zod';
import { HISTORY_SORTS, SORT_ORDERS, type HistorySort, type SortOrder } from './history-options';

/**
 * Keyset cursors: the sort value and id of the last run on a page. The next page is "after that
 * row in this order", so runs started (or finished) meanwhile never shift a page, duplicate a
 * row or hide one. Opaque to clients (base64url JSON), checked when it comes back.
 */

export interface HistoryCursor {
  sort: HistorySort;
  order: SortOrder;
  /** The sort key of the last row as the query computes it (startedAt as stored text, else a number). */
  value: string | number;
  id: string;
}

const cursorSchema = z
  .object({
    s: z.enum(HISTORY_SORTS),
    o: z.enum(SORT_ORDERS),
    v: z.union([z.string().max(100), z.number().finite()]),
    id: z.string().min(1).max(100),
  })
  .strict();

export function encodeCursor(cursor: HistoryCursor): string {
  return Buffer.from(
    JSON.stringify({ s: cursor.sort, o: cursor.order, v: cursor.value, id: cursor.id }),
    'utf8',
  ).toString('base64url');
}

export type CursorResult = { ok: true; cursor: HistoryCursor } | { ok: false; message: string };

/** A cursor handed back; it must belong to the same sort and order as the request. */
export function decodeCursor(text: string, sort: HistorySort, order: SortOrder): CursorResult {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, message: 'is not a cursor this API gave out' };
  }
  const parsed = cursorSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, message: 'is not a cursor this API gave out' };
  const { s, o, v, id } = parsed.data;
  if (s !== sort || o !== order)
    return { ok: false, message: `belongs to sort=${s}&order=${o}; ask again without it to start over` };
  if ((s === 'startedAt') !== (typeof v === 'string'))
    return { ok: false, message: 'is not a cursor this API gave out' };
  return { ok: true, cursor: { sort: s, order: o, value: v, id } };
}
