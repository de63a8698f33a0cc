import { openDatabase, type PrismaClient } from '@/lib/db/client';

/**
 * Reads the server's database file from the test process (WAL lets a reader in beside the
 * server's writer): the runs and their event logs as they are on disk.
 */

export async function openStore(url: string): Promise<PrismaClient> {
  return (await openDatabase({ url, seed: false })).db;
}

export interface LoggedEvent {
  id: number;
  seq: number;
  type: string;
  payload: string;
}

/** Every run's events in seq order (all runs, or the ones named). */
export async function eventLogs(db: PrismaClient, runIds?: string[]): Promise<Map<string, LoggedEvent[]>> {
  const rows = await db.traceEvent.findMany({
    where: runIds ? { runId: { in: runIds } } : undefined,
    orderBy: [{ runId: 'asc' }, { seq: 'asc' }],
    select: { id: true, runId: true, seq: true, type: true, payload: true },
  });
  const logs = new Map<string, LoggedEvent[]>();
  for (const { runId, ...event } of rows) logs.set(runId, [...(logs.get(runId) ?? []), event]);
  return logs;
}

/** Runs whose seqs are not exactly 1..n, with what they have instead. */
export function seqGaps(logs: Map<string, LoggedEvent[]>): string[] {
  const problems: string[] = [];
  for (const [runId, events] of logs) {
    const bad = events.findIndex((event, i) => event.seq !== i + 1);
    if (bad !== -1) problems.push(`${runId}: seq ${events[bad].seq} at position ${bad + 1}`);
  }
  return problems;
}

export async function runStatuses(
  db: PrismaClient,
  where: { batchId?: string } = {},
): Promise<Map<string, { status: string; orderId: string | null }>> {
  const runs = await db.run.findMany({ where, select: { id: true, status: true, orderId: true } });
  return new Map(runs.map((r) => [r.id, { status: r.status, orderId: r.orderId }]));
}
