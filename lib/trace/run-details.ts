import type { PrismaClient } from '@/lib/db/client';
import type { Run } from '@/lib/db/generated/client';
import type { TraceEvent } from './events';
import { loadEvents } from './event-store';
import { graphLists, type GraphEdge, type GraphNode } from './projections/graph';
import type { RunSummary } from './projections/run-summary';
import { foldRunView } from './projections/run-view';
import type { Span } from './projections/spans';

/** What GET /api/runs/:id and /events.json answer: the Run row and folds of its one event log. */

/** The Run row as JSON: dates as ISO strings. */
export type RunRecord = Omit<Run, 'startedAt' | 'finishedAt'> & { startedAt: string; finishedAt: string | null };

export interface RunDetails {
  run: RunRecord;
  /** In start order; each with its events. */
  spans: Span[];
  graph: { nodes: GraphNode[]; edges: GraphEdge[] };
  summary: RunSummary;
}

export interface RunLog {
  run: RunRecord;
  events: TraceEvent[];
}

function runRecord(run: Run): RunRecord {
  return { ...run, startedAt: run.startedAt.toISOString(), finishedAt: run.finishedAt?.toISOString() ?? null };
}

/** The whole log; null for an unknown run. */
export async function getRunLog(db: PrismaClient, runId: string): Promise<RunLog | null> {
  const [run, events] = await Promise.all([db.run.findUnique({ where: { id: runId } }), loadEvents(db, runId)]);
  return run ? { run: runRecord(run), events } : null;
}

/** Spans, graph and summary folded from the log on the server (the browser folds the same way). */
export async function getRunDetails(db: PrismaClient, runId: string): Promise<RunDetails | null> {
  const log = await getRunLog(db, runId);
  if (!log) return null;
  const view = foldRunView(log.events);
  return {
    run: log.run,
    spans: view.spans.order.map((id) => view.spans.spans[id]),
    graph: graphLists(view.graph),
    summary: view.summary,
  };
}
