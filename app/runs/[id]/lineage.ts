import type { PrismaClient } from '@/lib/db/client';
import { parseHistoryQuery } from '@/lib/history/history-query';
import { historyRows, listRunHistory } from '@/lib/history/list-runs';
import type { RunLineage } from '@/components/replay/lineage';

/** A run's parent (what it re-ran or forked) and its own re-runs and forks, newest first. */
export async function runLineage(db: PrismaClient, runId: string): Promise<RunLineage> {
  const [self] = await historyRows(db, [runId]);
  const children = parseHistoryQuery(new URLSearchParams({ parentRunId: runId, limit: '50' }));
  const page = children.success ? await listRunHistory(db, children.data) : { runs: [] };
  const link = (r: { id: string; forkedAtSeq: number | null; status: string; startedAt: string }) => ({ id: r.id, forkedAtSeq: r.forkedAtSeq, status: r.status, startedAt: r.startedAt });
  return {
    parent: self?.run.parentRunId ? { id: self.run.parentRunId, forkedAtSeq: self.run.forkedAtSeq } : null,
    children: page.runs.map(link),
  };
}
