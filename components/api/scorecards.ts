import { z } from 'zod';
import { requestJson } from './http';

/** One mode's score on a set of orders (lib/chaos/scorecard.ts ModeScore). */
export const modeScoreSchema = z.object({
  orders: z.number(),
  goalReached: z.number(),
  recovered: z.number(),
  failedSafely: z.number(),
  violated: z.number(),
  passK: z.number(),
  safeK: z.number(),
});
export type ModeScore = z.infer<typeof modeScoreSchema>;

const byModeSchema = z.object({ agents: modeScoreSchema, orchestrator: modeScoreSchema });
export type ByMode = z.infer<typeof byModeSchema>;

/** A kept scorecard (a ChaosReport row; `k` is the trials per order in each mode). */
export const scorecardReportSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  seed: z.number(),
  orders: z.number(),
  k: z.number(),
  model: z.string(),
  profile: z.string(),
  results: z.object({ byKind: z.record(z.string(), byModeSchema), totals: byModeSchema, durationMs: z.number() }),
});
export type ScorecardReport = z.infer<typeof scorecardReportSchema>;

export interface ScorecardInput {
  orders: number;
  seed?: number;
  k?: number;
  profile?: string;
  /** Lets fetchScorecardProgress follow this run while it goes. */
  progressKey?: string;
}

export const scorecardProgressSchema = z.object({
  done: z.number(),
  total: z.number(),
  elapsedMs: z.number(),
  finished: z.boolean(),
});
export type ScorecardProgress = z.infer<typeof scorecardProgressSchema>;

/** How far the scorecard started with this key has got (404 until the server has begun it). */
export const fetchScorecardProgress = (key: string): Promise<ScorecardProgress> =>
  requestJson(`/api/chaos/scorecards/progress?key=${encodeURIComponent(key)}`, scorecardProgressSchema);

export const fetchScorecards = async (): Promise<ScorecardReport[]> =>
  (await requestJson('/api/chaos/scorecards', z.object({ reports: z.array(scorecardReportSchema) }))).reports;

/** Runs one (orders × k trials per mode, about a second or two each): the answer comes when it is done. */
export const runScorecard = async (input: ScorecardInput): Promise<ScorecardReport> =>
  (
    await requestJson('/api/chaos/scorecards', z.object({ report: scorecardReportSchema }), {
      method: 'POST',
      json: input,
    })
  ).report;
