/** The chaos routes: batches (POST /api/chaos/batches, GET …/:id) and scorecards (+ progress). Browser-safe. */
import { z } from 'zod';
import { BATCH_OUTCOME_KINDS } from '@/lib/chaos/batch-outcome';
import { placedRunSchema } from './orders';

/** POST /api/chaos/batches → 201: the batch and the runs it started. */
export const batchStartedSchema = z.object({ batchId: z.string(), runs: z.array(placedRunSchema) });
export type BatchStarted = z.infer<typeof batchStartedSchema>;

/** GET /api/chaos/batches/:id: progress and outcomes (made by lib/chaos/batch.ts batchProgress). */
export const batchProgressSchema = z.object({
  batchId: z.string(),
  total: z.number(),
  finished: z.number(),
  succeeded: z.number(),
  failed: z.number(),
  /** Since the batch's first run started, by the server's clock (the browser's ETA is elapsed per finished run). */
  elapsedMs: z.number(),
  /** outcome: the run's own words; outcomeKind: the same as data, for tallying. */
  runs: z.array(
    z.object({
      runId: z.string(),
      orderId: z.string().nullable(),
      mode: z.string(),
      status: z.string(),
      outcome: z.string(),
      outcomeKind: z.enum(BATCH_OUTCOME_KINDS),
      customerId: z.string().nullable(),
    }),
  ),
});
export type BatchProgress = z.infer<typeof batchProgressSchema>;

/** One mode's score on a set of orders (computed by lib/chaos/scorecard.ts). */
export const modeScoreSchema = z.object({
  orders: z.number(),
  goalReached: z.number(),
  recovered: z.number(),
  failedSafely: z.number(),
  violated: z.number(),
  /** Orders whose k trials all reached a correct end. */
  passK: z.number(),
  /** Orders whose k trials all ended consistent, placed or not. */
  safeK: z.number(),
});
export type ModeScore = z.infer<typeof modeScoreSchema>;

export const byModeSchema = z.object({ agents: modeScoreSchema, orchestrator: modeScoreSchema });
export type ByMode = z.infer<typeof byModeSchema>;

/** A kept scorecard (a ChaosReport row, its results parsed; `k` is the trials per order in each mode). */
export const scorecardReportSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  seed: z.number(),
  orders: z.number(),
  k: z.number(),
  model: z.string(),
  profile: z.string(),
  results: z.object({
    byKind: z.record(z.string(), byModeSchema),
    totals: byModeSchema,
    durationMs: z.number(),
    /** Threads that ran the trials (absent in reports kept before it was recorded). */
    threads: z.number().int().min(1).optional(),
  }),
});
export type ScorecardReport = z.infer<typeof scorecardReportSchema>;

/** GET /api/chaos/scorecards → newest first. */
export const scorecardListSchema = z.object({ reports: z.array(scorecardReportSchema) });
/** POST /api/chaos/scorecards → 201. */
export const scorecardReplySchema = z.object({ report: scorecardReportSchema });

/** GET /api/chaos/scorecards/progress?key=: how far the scorecard started with that key has got. */
export const scorecardProgressSchema = z.object({
  done: z.number(),
  total: z.number(),
  elapsedMs: z.number(),
  finished: z.boolean(),
});
export type ScorecardProgress = z.infer<typeof scorecardProgressSchema>;
