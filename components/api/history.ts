import { historyPageSchema, type HistoryPage } from '@/lib/wire/history';
import { requestJson } from './http';

export { historyRunSchema, readyFrameSchema, runChangeFrameSchema, runMatchesSchema } from '@/lib/wire/history';
export type { HistoryPage, HistoryRun, RunChangeFrame, RunMatches } from '@/lib/wire/history';

/** GET /api/runs?<query>: one page of the history. */
export const fetchHistory = (query: string): Promise<HistoryPage> =>
  requestJson(`/api/runs${query ? `?${query}` : ''}`, historyPageSchema);
