import type { PrismaClient } from '@/lib/db/client';
import type { RunResult } from './run-checkout';
import { assessOrder } from './settle-order';

/** How often a run executing elsewhere (another instance) is looked at for its end. */
const POLL_MS = 250;

/**
 * A run's result as the store holds it, for a run that ended somewhere else (another instance, or
 * before this process): its status (an interrupted run counts as failed) and its order as it is now.
 * What the run left before settlement is not on record here: `leftByRun` is the order as it is.
 */
export async function storedRunResult(db: PrismaClient, runId: string): Promise<RunResult> {
  const run = await db.run.findUniqueOrThrow({
    where: { id: runId },
    select: { status: true, outcome: true, orderId: true },
  });
  if (!run.orderId) throw new Error(`run ${runId} has no order`);
  const order = await assessOrder(db, run.orderId);
  return {
    runId,
    status: run.status === 'succeeded' ? 'succeeded' : 'failed',
    outcome: run.outcome,
    order,
    leftByRun: order,
  };
}

/** Waits until the run has ended, wherever it runs, and gives its stored result. */
export async function runEnded(db: PrismaClient, runId: string): Promise<RunResult> {
  for (;;) {
    const run = await db.run.findUnique({ where: { id: runId }, select: { status: true } });
    if (!run) throw new Error(`run ${runId} no longer exists`);
    if (run.status !== 'running') return storedRunResult(db, runId);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
