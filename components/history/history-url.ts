/**
 * The history list's state as it lives in the URL of /runs, with the same parameter names as
 * GET /api/runs (lib/history/README.md), so the page's query string is the API's query string.
 * Everything a person can set is here: a filtered, sorted page is a link.
 */

export const LIST_FILTERS = [
  'status',
  'mode',
  'agent',
  'tool',
  'errorCode',
  'faultKind',
  'model',
  'customerId',
  'parentRunId',
  'batchId',
] as const;
export type ListFilter = (typeof LIST_FILTERS)[number];

export const SORTS = ['startedAt', 'duration', 'tokens', 'cost', 'steps'] as const;
export type Sort = (typeof SORTS)[number];
export type Order = 'asc' | 'desc';

export interface HistoryState {
  lists: Partial<Record<ListFilter, string[]>>;
  from: string;
  to: string;
  q: string;
  /** '1': runs with calls the guard blocked; '0': runs without; '': any. */
  blocked: string;
  sort: Sort;
  order: Order;
  /** The page after this cursor (keyset pagination); empty for the first page. */
  cursor: string;
}

export const emptyHistoryState: HistoryState = {
  lists: {},
  from: '',
  to: '',
  q: '',
  blocked: '',
  sort: 'startedAt',
  order: 'desc',
  cursor: '',
};

type Params = URLSearchParams | Record<string, string | string[] | undefined>;

function all(params: Params, key: string): string[] {
  const raw = params instanceof URLSearchParams ? params.getAll(key) : ([] as string[]).concat(params[key] ?? []);
  return raw
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

const last = (params: Params, key: string) => all(params, key).at(-1) ?? '';
const lastRaw = (params: Params, key: string) => {
  const raw = params instanceof URLSearchParams ? params.getAll(key) : ([] as string[]).concat(params[key] ?? []);
  return (raw.at(-1) ?? '').trim();
};

/** Reads the state from a query string; unknown values are kept (the API names what is wrong with them). */
export function parseHistoryState(params: Params): HistoryState {
  const lists: HistoryState['lists'] = {};
  for (const key of LIST_FILTERS) {
    const values = [...new Set(all(params, key))];
    if (values.length) lists[key] = values;
  }
  const sort = last(params, 'sort');
  return {
    lists,
    from: last(params, 'from'),
    to: last(params, 'to'),
    // Free text may hold commas: it is one value, not a list.
    q: lastRaw(params, 'q'),
    blocked: last(params, 'blocked'),
    sort: (SORTS as readonly string[]).includes(sort) ? (sort as Sort) : 'startedAt',
    order: last(params, 'order') === 'asc' ? 'asc' : 'desc',
    cursor: lastRaw(params, 'cursor'),
  };
}

/** The query string (without '?') for a state: defaults left out, lists comma-separated, stable key order. */
export function historyQuery(state: HistoryState, options: { cursor?: boolean; limit?: number } = {}): string {
  const params = new URLSearchParams();
  for (const key of LIST_FILTERS) {
    const values = state.lists[key];
    if (values?.length) params.set(key, values.join(','));
  }
  if (state.from) params.set('from', state.from);
  if (state.to) params.set('to', state.to);
  if (state.q.trim()) params.set('q', state.q.trim());
  if (state.blocked) params.set('blocked', state.blocked);
  if (state.sort !== 'startedAt') params.set('sort', state.sort);
  if (state.order !== 'desc') params.set('order', state.order);
  if (options.cursor !== false && state.cursor) params.set('cursor', state.cursor);
  if (options.limit !== undefined) params.set('limit', String(options.limit));
  return params.toString();
}

/** A change of filters or order starts again from the first page (a cursor belongs to one sort and filter). */
export function withChange(state: HistoryState, change: Partial<Omit<HistoryState, 'cursor'>>): HistoryState {
  return { ...state, ...change, cursor: '' };
}

export function withList(state: HistoryState, key: ListFilter, values: string[]): HistoryState {
  const lists = { ...state.lists };
  if (values.length) lists[key] = values;
  else delete lists[key];
  return withChange(state, { lists });
}

/** Whether any filter narrows the list (sort and paging aside). */
export function isFiltered(state: HistoryState): boolean {
  return (
    Object.values(state.lists).some((v) => v && v.length > 0) ||
    Boolean(state.from || state.to || state.q.trim() || state.blocked)
  );
}

/** A time-range preset: runs started in the last `ms`, as an ISO instant the API reads. */
export function sinceInstant(ms: number, now: number): string {
  return new Date(now - ms).toISOString().slice(0, 19) + 'Z';
}

/**
 * `<input type="datetime-local">` ↔ the API's instant. The page shows and reads times in UTC, as
 * every time on this site, so a link means the same thing in every time zone.
 */
export function toLocalInput(instant: string): string {
  const ms = /^\d{1,15}$/.test(instant)
    ? Number(instant)
    : Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(instant) || !instant.includes('T') ? instant : `${instant}Z`);
  return Number.isNaN(ms) ? '' : new Date(ms).toISOString().slice(0, 16);
}

export function fromLocalInput(value: string): string {
  return value ? `${value}Z` : '';
}
