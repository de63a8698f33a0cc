/** The values the history API's enumerated parameters take (shared by the query schema and cursors). */

export { RUN_STATUSES, type HistoryRunStatus } from '@/lib/wire/history';
export const RUN_MODES = ['agents', 'orchestrator'] as const;
export const HISTORY_SORTS = ['startedAt', 'duration', 'tokens', 'cost', 'steps'] as const;
export type HistorySort = (typeof HISTORY_SORTS)[number];
export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;
