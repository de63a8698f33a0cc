import { z } from 'zod';
import type { PrismaClient } from '@/lib/db/client';
import type { Run } from '@/lib/db/generated/client';

export const runListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type RunListQuery = z.input<typeof runListQuerySchema>;

/** One line of the recent-runs list. */
export interface RunListItem {
  id: string;
  status: string;
  outcome: string;
  mode: string;
  /** local, or otlp: another agent system's trace, ingested (no re-run or fork). */
  source: string;
  model: string;
  customerId: string | null;
  customerName: string | null;
  orderId: string | null;
  batchId: string | null;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  eventCount: number;
  errorCount: number;
  faultCount: number;
}

/** The most recent runs, newest first. */
export async function listRecentRuns(db: PrismaClient, query: RunListQuery = {}): Promise<RunListItem[]> {
  const { limit } = runListQuerySchema.parse(query);
  const runs = await db.run.findMany({ orderBy: [{ startedAt: 'desc' }, { id: 'desc' }], take: limit });
  return withCustomerNames(db, runs);
}

/** Some runs by id (a run page's header), in the order asked; unknown ids are left out. */
export async function getRuns(db: PrismaClient, ids: readonly string[]): Promise<RunListItem[]> {
  const runs = await db.run.findMany({ where: { id: { in: [...ids] } } });
  const items = await withCustomerNames(db, runs);
  return ids.flatMap((id) => items.filter((item) => item.id === id));
}

async function withCustomerNames(db: PrismaClient, runs: Run[]): Promise<RunListItem[]> {
  // Run has no customer relation (a run may outlive its customer); one lookup for the names.
  const customerIds = [...new Set(runs.map((r) => r.customerId).filter((id): id is string => id !== null))];
  const customers = customerIds.length
    ? await db.customer.findMany({ where: { id: { in: customerIds } }, select: { id: true, name: true } })
    : [];
  const nameById = new Map(customers.map((c) => [c.id, c.name]));
  return runs.map((r) => ({
    id: r.id,
    status: r.status,
    outcome: r.outcome,
    mode: r.mode,
    source: r.source,
    model: r.model,
    customerId: r.customerId,
    customerName: r.customerId ? (nameById.get(r.customerId) ?? null) : null,
    orderId: r.orderId,
    batchId: r.batchId,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    durationMs: r.durationMs,
    eventCount: r.eventCount,
    errorCount: r.errorCount,
    faultCount: r.faultCount,
  }));
}
