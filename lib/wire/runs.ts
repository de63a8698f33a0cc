/** One run's JSON routes: GET /api/runs/:id, /events.json, /export?format=json, and /pace. Browser-safe. */
import { z } from 'zod';
import { PACES } from '@/lib/runtime/pace';
import { traceEventSchema } from '@/lib/trace/events';
import type { GraphEdge, GraphNode } from '@/lib/trace/projections/graph';
import type { RunSummary } from '@/lib/trace/projections/run-summary';
import type { Span } from '@/lib/trace/projections/spans';

/** The Run row as JSON (dates as ISO strings; made by lib/trace/run-details.ts). */
export const runRecordSchema = z.object({
  id: z.string(),
  orderId: z.string().nullable(),
  customerId: z.string().nullable(),
  mode: z.string(),
  source: z.string(),
  goal: z.string(),
  status: z.string(),
  outcome: z.string(),
  model: z.string(),
  seed: z.number().int(),
  /** The fault rules in force at the start, as JSON text (lib/replay/recorded-faults.ts reads it). */
  faultSnapshot: z.string(),
  /** The starting state, as JSON text (lib/replay/state-snapshot.ts). */
  stateSnapshot: z.string(),
  parentRunId: z.string().nullable(),
  forkedAtSeq: z.number().int().nullable(),
  batchId: z.string().nullable(),
  eventCount: z.number().int(),
  stepCount: z.number().int(),
  toolCallCount: z.number().int(),
  errorCount: z.number().int(),
  faultCount: z.number().int(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  costUsd: z.number(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().int().nullable(),
  searchKey: z.number().int().nullable(),
});
export type RunRecord = z.infer<typeof runRecordSchema>;

/** GET /api/runs/:id/events.json and the JSON export (GET /api/runs/:id/export): the Run row and its whole log, in seq order. */
export const runLogSchema = z.object({ run: runRecordSchema, events: z.array(traceEventSchema) });
export type RunLog = z.infer<typeof runLogSchema>;

/**
 * The same log as the run page reads it: events one by one (lib/trace/events' safeParseTraceEvent), so
 * one that does not match the contract is counted and shown as rejected instead of refusing the whole log.
 */
export const runLogEventsSchema = runLogSchema.pick({ events: true }).extend({ events: z.array(z.unknown()) });

const hasId = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string';
const isObject = (value: unknown): boolean => typeof value === 'object' && value !== null;

/**
 * GET /api/runs/:id: the Run row and the folds of its log. The folds' shapes are the projections'
 * (lib/trace/projections: the same code the browser folds with, so one declaration serves both
 * sides); here each is checked only for what identifies it.
 */
export const runDetailsSchema = z.object({
  run: runRecordSchema,
  spans: z.array(z.custom<Span>(hasId, 'a span')),
  graph: z.object({
    nodes: z.array(z.custom<GraphNode>(hasId, 'a graph node')),
    edges: z.array(z.custom<GraphEdge>(hasId, 'a graph edge')),
  }),
  summary: z.custom<RunSummary>(isObject, 'a run summary'),
});
export type RunDetails = z.infer<typeof runDetailsSchema>;

/** GET and POST /api/runs/:id/pace: the pace of a run going on now (null once it has ended). */
export const runPaceSchema = z.object({ runId: z.string(), live: z.boolean(), pace: z.enum(PACES).nullable() });
export type RunPace = z.infer<typeof runPaceSchema>;
