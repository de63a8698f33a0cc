import { z } from 'zod';
import type { FaultRuleCreateInput } from './faults';
import { requestJson } from './http';

/** An edge of the structural graph diff (lib/replay/compare.ts GraphDiffEdge). */
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

export const divergenceSchema = z.object({
  row: z.number(),
  seqA: z.number().nullable(),
  seqB: z.number().nullable(),
  fields: z.array(z.string()),
});
export type Divergence = z.infer<typeof divergenceSchema>;

export const graphDiffSchema = z.object({
  added: z.array(graphDiffEdgeSchema),
  removed: z.array(graphDiffEdgeSchema),
  changed: z.array(graphDiffEdgeSchema),
});

/** POST /api/runs/:id/rerun and /fork → 201 with the new run and how its trace compares with its parent's. */
export const replayResultSchema = z.object({
  runId: z.string(),
  parentRunId: z.string(),
  kind: z.enum(['rerun', 'fork']),
  status: z.string(),
  comparison: z.object({
    identical: z.boolean(),
    firstDivergence: divergenceSchema.nullable(),
    graph: graphDiffSchema,
  }),
});
export type ReplayResult = z.infer<typeof replayResultSchema>;

/** What a fork changes from its step on (lib/replay/replay-run.ts forkRequestSchema). */
export interface ForkInput {
  atSeq: number;
  faultPreset?: string;
  /** Rules in full, as the faults API creates them. */
  faultRules?: FaultRuleCreateInput[];
  editReply?: { text?: string; toolCalls?: { toolName: string; input: Record<string, unknown> }[] };
  editToolResult?: unknown;
}

const runPath = (runId: string) => `/api/runs/${encodeURIComponent(runId)}`;

export const rerunRun = (runId: string): Promise<ReplayResult> =>
  requestJson(`${runPath(runId)}/rerun`, replayResultSchema, { method: 'POST', json: {} });

export const forkRun = (runId: string, input: ForkInput): Promise<ReplayResult> =>
  requestJson(`${runPath(runId)}/fork`, replayResultSchema, { method: 'POST', json: input });

export const exportHref = (runId: string, format: 'json' | 'otlp' | 'otlp-proto') =>
  `${runPath(runId)}/export?format=${format}`;

export const compareHref = (a: string, b: string) => `/compare?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`;
