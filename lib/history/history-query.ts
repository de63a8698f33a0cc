import { z } from 'zod';
import { isAcceptedInstant } from '@/lib/runtime/instant';
import { decodeCursor, type HistoryCursor } from './cursor';
import { ftsMatchExpression } from './fts-query';
import { nameUnknownKeys } from './unknown-keys';
import { DEFAULT_LIMIT, HISTORY_SORTS, MAX_LIMIT, RUN_MODES, RUN_STATUSES, SORT_ORDERS } from './history-options';

/**
 * GET /api/runs's query string, validated. List filters take several values, repeated
 * (`status=failed&status=interrupted`) or comma-separated (`status=failed,interrupted`): a run
 * matches any of them. Different filters must all hold.
 */

const MAX_VALUES = 20;

/** Names as the trace records them: agents, tools, error codes, fault kinds, models, ids. */
const name = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')
  .regex(/^[\p{L}\p{N}_.:/@+-]+$/u, 'may contain letters, digits and _ . : / @ + - only');

const list = <T extends z.ZodType<string>>(item: T) =>
  z.array(item).min(1, 'give at least one value').max(MAX_VALUES, `at most ${MAX_VALUES} values`).optional();

/** An instant: an ISO 8601 date or date-time, or milliseconds since the epoch. */
const instant = z
  .string()
  .trim()
  .max(40, 'must be at most 40 characters')
  .transform((text, ctx) => {
    const date = parseInstant(text);
    if (date === null) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be an ISO 8601 date or date-time, or milliseconds since the epoch, within years 0000..9999',
      });
      return z.NEVER;
    }
    return date;
  });

const ISO_INSTANT = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** A date-time without a zone is read as UTC (the server's zone would make a URL mean different things). */
export function parseInstant(text: string): Date | null {
  let date: Date;
  if (/^\d{1,15}$/.test(text)) date = new Date(Number(text));
  else {
    const m = ISO_INSTANT.exec(text);
    if (!m) return null;
    const [, day, time, zone] = m;
    // new Date() rolls 2026-02-30 over to March: a day that does not exist is a mistake, not a date
    // (checked on the day alone, so that a zone moving the instant to another day does not hide it).
    const midnight = new Date(`${day}T00:00:00Z`);
    if (Number.isNaN(midnight.getTime()) || midnight.toISOString().slice(0, 10) !== day) return null;
    date = new Date(time ? `${day}T${time}${zone ?? 'Z'}` : `${day}T00:00:00Z`);
  }
  return isAcceptedInstant(date) ? date : null;
}

export const historyQuerySchema = z
  .object({
    status: list(z.enum(RUN_STATUSES)),
    mode: list(z.enum(RUN_MODES)),
    model: list(name),
    customerId: list(name),
    agent: list(name),
    tool: list(name),
    errorCode: list(name),
    faultKind: list(name),
    batchId: list(name),
    parentRunId: list(name),
    /** 1: runs with at least one call the guard refused (guard.blocked); 0: runs with none. */
    blocked: z
      .enum(['1', 'true', '0', 'false'], 'must be 1 or 0')
      .transform((v) => v === '1' || v === 'true')
      .optional(),
    /** Runs started at or after this instant. */
    from: instant.optional(),
    /** Runs started before this instant. */
    to: instant.optional(),
    /** Free text over reasoning, model text, tool inputs/outputs/errors and messages. */
    q: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(200, 'must be at most 200 characters')
      .refine((text) => ftsMatchExpression(text) !== null, 'has nothing to search for (no letter or digit)')
      .optional(),
    sort: z.enum(HISTORY_SORTS).default('startedAt'),
    order: z.enum(SORT_ORDERS).default('desc'),
    cursor: z.string().min(1).max(500, 'is not a cursor this API gave out').optional(),
    limit: z.coerce
      .number()
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(MAX_LIMIT, `must be at most ${MAX_LIMIT}`)
      .default(DEFAULT_LIMIT),
  })
  .strict()
  .transform((query, ctx) => {
    if (query.from && query.to && query.from.getTime() >= query.to.getTime()) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be later than from' });
    }
    const { cursor: text, ...rest } = query;
    let cursor: HistoryCursor | null = null;
    if (text !== undefined) {
      const decoded = decodeCursor(text, query.sort, query.order);
      if (decoded.ok) cursor = decoded.cursor;
      else ctx.addIssue({ code: 'custom', path: ['cursor'], message: decoded.message });
    }
    return { ...rest, cursor };
  });

export type HistoryQuery = z.output<typeof historyQuerySchema>;
export type HistoryQueryInput = z.input<typeof historyQuerySchema>;
/** What decides whether a run belongs in the list (everything but paging and order). */
export type HistoryFilter = Omit<HistoryQuery, 'sort' | 'order' | 'cursor' | 'limit'>;

const LIST_KEYS = new Set([
  'status',
  'mode',
  'model',
  'customerId',
  'agent',
  'tool',
  'errorCode',
  'faultKind',
  'batchId',
  'parentRunId',
]);

/**
 * URLSearchParams → the object the schema reads: list keys collect every value (repeated and
 * comma-separated); other keys keep their last value. Empty values count as absent.
 */
export function historyParams(params: URLSearchParams): Record<string, unknown> {
  // No prototype: a parameter named __proto__ is a key like any other (refused as unknown), not a setter.
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key).filter((v) => v !== '');
    if (values.length === 0) continue;
    out[key] = LIST_KEYS.has(key) ? values.flatMap((v) => v.split(',')).filter((v) => v.trim() !== '') : values.at(-1);
  }
  return out;
}

export type HistoryQueryResult = { success: true; data: HistoryQuery } | { success: false; error: z.ZodError };

export function parseHistoryQuery(params: URLSearchParams): HistoryQueryResult {
  const result = historyQuerySchema.safeParse(historyParams(params));
  return result.success
    ? result
    : { success: false, error: nameUnknownKeys(result.error, Object.keys(historyQuerySchema.in.shape)) };
}
