import type { PrismaClient } from '@/lib/db/client';
import type { Run } from '@/lib/db/generated/client';
import type { RunDetails, RunLog, RunRecord } from '@/lib/wire/runs';
import { loadEvents } from './event-log';
import { graphLists } from './projections/graph';
import { foldRunView } from './projections/run-view';

/** What GET /api/runs/:id and /events.json answer: the Run row and folds of its one event log. */

/** The Run row as JSON (dates as ISO strings) and the whole log: the shapes lib/wire/runs.ts declares for the API. */
export type { RunDetails, RunLog, RunRecord } from '@/lib/wire/runs';

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
