import {
  scorecardListSchema,
  scorecardProgressSchema,
  scorecardReplySchema,
  type ScorecardProgress,
  type ScorecardReport,
} from '@/lib/wire/chaos';
import { requestJson } from './http';

export type { ByMode, ModeScore, ScorecardProgress, ScorecardReport } from '@/lib/wire/chaos';

export interface ScorecardInput {
  orders: number;
  seed?: number;
  k?: number;
  profile?: string;
  /** Lets fetchScorecardProgress follow this run while it goes. */
  progressKey?: string;
}

/** How far the scorecard started with this key has got (404 until the server has begun it). */
export const fetchScorecardProgress = (key: string): Promise<ScorecardProgress> =>
  requestJson(`/api/chaos/scorecards/progress?key=${encodeURIComponent(key)}`, scorecardProgressSchema);

export const fetchScorecards = async (): Promise<ScorecardReport[]> =>
  (await requestJson('/api/chaos/scorecards', scorecardListSchema)).reports;

/** Runs one (orders × k trials per mode, about a second or two each): the answer comes when it is done. */
export const runScorecard = async (input: ScorecardInput): Promise<ScorecardReport> =>
  (await requestJson('/api/chaos/scorecards', scorecardReplySchema, { method: 'POST', json: input })).report;
