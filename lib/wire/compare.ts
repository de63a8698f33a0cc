/** GET /api/compare: two runs' history lines and their traces compared. Browser-safe. */
import { z } from 'zod';
import { historyRunSchema } from './history';
import { alignedRowSchema, divergenceSchema, graphDiffSchema } from './replay';

export const comparedSideSchema = z.object({
  run: historyRunSchema,
  /** Events compared (the first MAX_COMPARED_EVENTS at most). */
  events: z.number().int().nonnegative(),
  /** The run has more events than were compared. */
  truncated: z.boolean(),
});
export type ComparedSide = z.infer<typeof comparedSideSchema>;

export const runComparisonSchema = z.object({
  a: comparedSideSchema,
  b: comparedSideSchema,
  comparison: z.object({
    identical: z.boolean(),
    /** The first row that differs in anything (bookkeeping too): a re-run is exact only without one. */
    firstDivergence: divergenceSchema.nullable(),
    /** The first row where an agent did something else (asked, called, got back, ended). */
    firstBehaviouralDivergence: divergenceSchema.nullable(),
    rows: z.array(alignedRowSchema),
    graph: graphDiffSchema,
    totalRows: z.number().int().nonnegative(),
    offset: z.number().int().nonnegative(),
    /** Where the next page of rows starts; null when this page reaches the end. */
    nextOffset: z.number().int().nonnegative().nullable(),
  }),
});
export type RunComparison = z.infer<typeof runComparisonSchema>;
