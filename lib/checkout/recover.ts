import type { PrismaClient } from '@/lib/db/client';
import { noFaults } from '@/lib/faults/injector';
import type { Clock } from '@/lib/runtime/clock';
import { createServices } from '@/lib/services';
import type { TraceAppender } from '@/lib/trace/recorder';
import { interruptRunningRuns } from '@/lib/trace/runs';
import { assessOrder } from './settle-order';

export interface RecoveryReport {
  interruptedRuns: string[];
  releasedOrders: string[];
  voidedAuthorizations: number;
  flaggedForReview: string[];
}

/**
 * At start-up, after a crash: runs still marked running are marked interrupted (with a
 * final event; what was committed stays), and what their orders hold is given back:
 * held stock released, open authorizations voided, without injected faults. An order
 * that took money stays as it is and is flagged for a person to review.
 */
export async function recoverInterruptedRuns(deps: { db: PrismaClient; recorder: TraceAppender; clock: Clock }): Promise<RecoveryReport> {
  const { db, clock } = deps;
  const { interrupted, failed } = await interruptRunningRuns(deps, 'the server stopped while the run was in progress');
  for (const f of failed) console.error(`[recovery] could not mark run ${f.runId} interrupted`, f.error);
  const report: RecoveryReport = { interruptedRuns: interrupted, releasedOrders: [], voidedAuthorizations: 0, flaggedForReview: [] };
  const runs = await db.run.findMany({ where: { id: { in: interrupted } }, select: { orderId: true } });
  const services = createServices({ db, clock, faults: noFaults });
  for (const orderId of runs.map((r) => r.orderId).filter((id): id is string => id !== null)) {
    const before = await assessOrder(db, orderId);
    if (before.status === 'placed') {
      await db.order.update({ where: { id: orderId }, data: { status: 'placed', outcome: 'completed before the server stopped' } });
      continue;
    }
    if (before.heldReservations > 0 && (await services.inventory.release({ orderId })).ok) report.releasedOrders.push(orderId);
    if (before.capturedCents === 0) {
      const auths = await db.payment.findMany({ where: { orderId, kind: 'authorization', status: 'succeeded' } });
      for (const auth of auths) {
        const voided = await services.payment.void({ orderId, authorizationId: auth.id, idempotencyKey: `${auth.id}:recovery-void` });
        if (voided.ok) report.voidedAuthorizations++;
      }
    }
    const after = await assessOrder(db, orderId);
    const needsReview = after.violations.length > 0 || after.capturedCents > 0;
    if (needsReview) report.flaggedForReview.push(orderId);
    await db.order.update({
      where: { id: orderId },
      data: { status: 'failed', needsReview, outcome: `interrupted by a server stop${needsReview ? '; needs review' : '; holds released'}` },
    });
  }
  return report;
}
