/** GET /api/runs (a page of history, with where a search matched) and the frames of GET /api/runs/live. Browser-safe. */
import { z } from 'zod';

export const RUN_STATUSES = ['running', 'succeeded', 'failed', 'interrupted'] as const;
export type HistoryRunStatus = (typeof RUN_STATUSES)[number];

/** One line of the history list, as GET /api/runs and the live feed send it (made by lib/history/history-row.ts). */
export const historyRunSchema = z.object({
  id: z.string(),
  status: z.enum(RUN_STATUSES),
  outcome: z.string(),
  mode: z.string(),
  source: z.string(),
  model: z.string(),
  goal: z.string(),
  customerId: z.string().nullable(),
  customerName: z.string().nullable(),
  orderId: z.string().nullable(),
  batchId: z.string().nullable(),
  parentRunId: z.string().nullable(),
  forkedAtSeq: z.number().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  eventCount: z.number(),
  stepCount: z.number(),
  toolCallCount: z.number(),
  errorCount: z.number(),
  faultCount: z.number(),
  faultKinds: z.array(z.string()),
  /** Calls the guard refused (apart from errorCount). */
  blockedCount: z.number().int().nonnegative(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  tokens: z.number(),
  costUsd: z.number(),
});
export type HistoryRun = z.infer<typeof historyRunSchema>;

/** Where a searched run matched (lib/history/search-matches.ts): how many events, the first ones with a marked snippet. */
export const runMatchesSchema = z.object({
  total: z.number().int().nonnegative(),
  steps: z.array(
    z.object({
      seq: z.number().int().positive(),
      type: z.string(),
      agent: z.string().nullable(),
      spanId: z.string(),
      snippet: z.array(z.object({ text: z.string(), hit: z.boolean() })),
    }),
  ),
});
export type RunMatches = z.infer<typeof runMatchesSchema>;

export const historyPageSchema = z.object({
  runs: z.array(historyRunSchema),
  nextCursor: z.string().nullable(),
  matches: z.record(z.string(), runMatchesSchema).optional(),
});
export type HistoryPage = z.infer<typeof historyPageSchema>;

/** A frame of GET /api/runs/live: a run started, progressed or ended, and whether it (still) matches the filters. */
export const runChangeFrameSchema = z.object({
  change: z.enum(['run.started', 'run.progress', 'run.finished', 'run.interrupted']),
  run: historyRunSchema,
  matches: z.boolean(),
});
export type RunChangeFrame = z.infer<typeof runChangeFrameSchema>;

/** The `ready` frame of /api/runs/live: resumed (the changes since Last-Event-ID follow) or not (load the page). */
export const readyFrameSchema = z.object({
  /** true: the runs changed since Last-Event-ID follow, keep the list; false: load the page now. */
  resumed: z.boolean().default(false),
});
export type ReadyFrame = z.infer<typeof readyFrameSchema>;
