/** POST /api/runs/:id/rerun and /fork, and the parts of a trace comparison (lib/replay/compare.ts) GET /api/compare shares. Browser-safe. */
import { z } from 'zod';
import { traceEventSchema } from '@/lib/trace/events';

/** An edge of the structural graph diff (computed by lib/replay/compare.ts). */
export const graphDiffEdgeSchema = z.object({
  id: z.string(),
  source: z.string(),
  target: z.string(),
  countA: z.number(),
  countB: z.number(),
  errorsA: z.number(),
  errorsB: z.number(),
});
export type GraphDiffEdge = z.infer<typeof graphDiffEdgeSchema>;

export const graphDiffSchema = z.object({
  added: z.array(graphDiffEdgeSchema),
  removed: z.array(graphDiffEdgeSchema),
  changed: z.array(graphDiffEdgeSchema),
});
export type GraphDiff = z.infer<typeof graphDiffSchema>;

/** Where two traces part: the row of the alignment, the seq on each side, the fields that differ. */
export const divergenceSchema = z.object({
  row: z.number(),
  seqA: z.number().nullable(),
  seqB: z.number().nullable(),
  fields: z.array(z.string()),
});
export type Divergence = z.infer<typeof divergenceSchema>;

/** same: equal once clocks are set aside; changed: same kind of step, other content; added/removed: only in one. */
export const ALIGNED_ROW_KINDS = ['same', 'changed', 'added', 'removed'] as const;

/** One row of the step-by-step alignment of two traces. */
export const alignedRowSchema = z.object({
  a: traceEventSchema.nullable(),
  b: traceEventSchema.nullable(),
  kind: z.enum(ALIGNED_ROW_KINDS),
});
export type AlignedRow = z.infer<typeof alignedRowSchema>;

/** POST /api/runs/:id/rerun and /fork → 201: the new run and how its trace compares with its parent's. */
export const replayResultSchema = z.object({
  runId: z.string(),
  parentRunId: z.string(),
  kind: z.enum(['rerun', 'fork']),
  status: z.enum(['succeeded', 'failed']),
  comparison: z.object({
    identical: z.boolean(),
    firstDivergence: divergenceSchema.nullable(),
    graph: graphDiffSchema,
  }),
});
export type ReplayResult = z.infer<typeof replayResultSchema>;
