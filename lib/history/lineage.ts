import type { PrismaClient } from '@/lib/db/client';
import { parseHistoryQuery } from '@/lib/history/history-query';
import { historyRows, listRunHistory } from '@/lib/history/list-runs';

/** A re-run (forkedAtSeq null) or a fork of a run, as its lineage lists it. */
export interface LineageLink {
  id: string;
  /** Set for a fork: the step it continued from. null for a re-run. */
  forkedAtSeq: number | null;
  status: string;
  startedAt: string;
}

export interface RunLineage {
  parent: { id: string; forkedAtSeq: number | null } | null;
  children: LineageLink[];
}

/** A run's parent (what it re-ran or forked) and its own re-runs and forks, newest first. */
export async function runLineage(db: PrismaClient, runId: string): Promise<RunLineage> {
  const [self] = await historyRows(db, [runId]);
  const children = parseHistoryQuery(new URLSearchParams({ parentRunId: runId, limit: '50' }));
  const page = children.success ? await listRunHistory(db, children.data) : { runs: [] };
  const link = (r: { id: string; forkedAtSeq: number | null; status: string; startedAt: string }) => ({
    id: r.id,
    forkedAtSeq: r.forkedAtSeq,
    status: r.status,
    startedAt: r.startedAt,
  });
  return {
    parent: self?.run.parentRunId ? { id: self.run.parentRunId, forkedAtSeq: self.run.forkedAtSeq } : null,
    children: page.runs.map(link),
  };
}
