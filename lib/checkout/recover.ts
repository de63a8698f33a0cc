import type { PrismaClient } from '@/lib/db/client';
import type { Clock } from '@/lib/runtime/clock';
import { randomIds } from '@/lib/runtime/ids';
import type { TraceAppender } from '@/lib/trace/recorder';
import { interruptRun } from '@/lib/trace/runs';
import { assessOrder, type FinalOrderState } from './settle-order';
import { settleOrderHoldings, type SettlementResult } from './settlement';
import { loadResumePlan, resumeRun } from './resume-run';
import type { CheckoutServices } from './run-checkout';
import { runLeasesFor, type RunLeases } from './run-leases';
import { durableRunQueueFor } from './run-queue';
import { runsInProgress } from './run-registry';

export interface RecoveryReport {
  /** Runs a dead process left running, taken up again here from their logs (lib/checkout/resume-run.ts). */
  resumedRuns: string[];
  /** Runs a dead process left running, now interrupted (each settled first, in its own trace). */
  interruptedRuns: string[];
  /** Orders given something back (stock, authorizations, captures, labels), by a left-running run's settlement or the sweep. */
  settledOrders: string[];
  releasedOrders: string[];
  voidedAuthorizations: number;
  refundedCaptures: number;
  cancelledLabels: number;
  /** Orders still holding something afterwards (a step kept failing): a person has to look; the next start tries again. */
  flaggedForReview: string[];
}

export interface RecoveryDeps {
  db: PrismaClient;
  recorder: TraceAppender;
  clock: Clock;
  /**
   * Waited before each order that has something to settle. 0 in production; the system tests set it
   * (RECOVERY_DELAY_MS_PER_ORDER) so that a kill can land in the middle of a recovery.
   */
  delayPerOrderMs?: number;
  /**
   * The runtime to resume runs in: a run a dead process left going is taken up from its log where the
   * log allows it, else settled. Absent: every such run is settled (RUN_RECOVERY=settle).
   */
  resumeIn?: CheckoutServices;
}

const STOPPED = 'the server stopped while the run was in progress';
const RESUMED = 'The server running this run stopped while it was in progress.';

/**
 * On a shared database (PostgreSQL), how old a run or an order must be before another instance may
 * take it over: an instance holds a run's lease just after creating its row, and creates the run
 * just after its order.
 */
export const TAKEOVER_GRACE_MS = 10_000;

type Tally = (orderId: string, result: SettlementResult) => void;

/**
 * Step 1 of recovery: every run no live process is executing (not this one's; on a shared database,
 * one whose lease can be claimed) is settled in its own trace and marked interrupted. Returns the
 * runs it interrupted.
 */
async function settleOrphanedRuns(
  deps: RecoveryDeps,
  tally: Tally,
): Promise<Pick<RecoveryReport, 'resumedRuns' | 'interruptedRuns'>> {
  const { db } = deps;
  const leases = runLeasesFor(db);
  const interrupted: string[] = [];
  const resumed: string[] = [];
  // Mine, or still waiting in the durable queue (its job not started by any instance yet).
  const mine = new Set([...runsInProgress(), ...((await durableRunQueueFor(db)?.pendingRunIds()) ?? [])]);
  const youngest = new Date(deps.clock.now() - (leases.shared ? TAKEOVER_GRACE_MS : 0));
  const candidates = (
    await db.run.findMany({
      where: { status: 'running', ...(leases.shared ? { startedAt: { lt: youngest } } : {}) },
      select: { id: true, orderId: true, parentRunId: true },
      orderBy: { startedAt: 'asc' },
    })
  ).filter((r) => !mine.has(r.id));
  for (const run of candidates) {
    // Held by a live instance (or being settled by another): not ours to touch.
    if (!(await leases.claim(run.id))) continue;
    if (deps.resumeIn && (await tryResume(deps.resumeIn, run.id, leases))) {
      // The lease stays held by the resumed run until it ends.
      resumed.push(run.id);
      continue;
    }
    try {
      // A re-run or fork works in a sandbox that died with the process: it has no order of its own to settle.
      if (run.orderId && !run.parentRunId && !(await logIsClosed(db, run.id))) {
        const orderId = run.orderId;
        const result = await settleLeftRunning(deps, run.id, orderId);
        tally(orderId, result);
        await recordOrderEnd(db, orderId, (state) =>
          state.status === 'placed'
            ? 'completed before the server stopped'
            : `interrupted by a server stop${result.acted ? `; settled at start-up: ${result.undone.join('; ') || 'nothing given back'}` : ''}${state.needsReview ? '; needs review' : ''}`,
        );
      }
      if ((await interruptRun(deps, run.id, STOPPED)) === 'interrupted') interrupted.push(run.id);
    } catch (error) {
      // The sweep below (or the next start) takes the order up again.
      console.error(`[recovery] run ${run.id} could not be settled and interrupted`, error);
    } finally {
      await leases.release(run.id).catch(() => undefined);
    }
  }
  return { resumedRuns: resumed, interruptedRuns: interrupted };
}

/** Resumes the run if its log allows it; false (the run is then settled) if not, or if the resume could not start. */
async function tryResume(rt: CheckoutServices, runId: string, leases: RunLeases): Promise<boolean> {
  try {
    const plan = await loadResumePlan(rt.db, runId);
    if ('why' in plan) {
      console.log(`[recovery] run ${runId} is settled, not resumed: ${plan.why}`);
      return false;
    }
    await resumeRun(rt, plan, leases, RESUMED);
    console.log(
      `[recovery] run ${runId} resumed from its log (${plan.events.length} events replayed, ${plan.served.inFlight} call(s) in flight)`,
    );
    return true;
  } catch (error) {
    console.error(`[recovery] run ${runId} could not be resumed; it is settled instead`, error);
    return false;
  }
}

/**
 * On a shared database, while running: the runs of instances that died since are settled and
 * interrupted by whichever live instance claims them first (start-up recovery's step 1).
 */
export async function takeOverOrphanedRuns(deps: RecoveryDeps): Promise<RecoveryReport> {
  const report = emptyReport();
  Object.assign(report, await settleOrphanedRuns(deps, tallyInto(report)));
  return report;
}

function emptyReport(): RecoveryReport {
  return {
    resumedRuns: [],
    interruptedRuns: [],
    settledOrders: [],
    releasedOrders: [],
    voidedAuthorizations: 0,
    refundedCaptures: 0,
    cancelledLabels: 0,
    flaggedForReview: [],
  };
}

function tallyInto(report: RecoveryReport): Tally {
  return (orderId, result) => {
    if (!result.acted) return;
    if (!report.settledOrders.includes(orderId)) report.settledOrders.push(orderId);
    for (const step of result.steps.filter((s) => s.ok)) {
      if (step.action === 'release_stock') report.releasedOrders.push(orderId);
      if (step.action === 'void_authorization') report.voidedAuthorizations++;
      if (step.action === 'refund_capture') report.refundedCaptures++;
      if (step.action === 'cancel_label') report.cancelledLabels++;
    }
  };
}

/**
 * At start-up, driven by the state of orders and payments rather than by which runs were marked,
 * so that it is idempotent and a crash in the middle of it is finished by the next start:
 *
 * 1. Every run a dead process left running (not one of this process's; on PostgreSQL, not one another
 *    live instance holds the lease of: lib/checkout/run-leases.ts) is settled in its own trace
 *    (what its order holds is given back), its order's status recorded, and only then marked
 *    interrupted: a crash before that leaves it running, to be taken up again.
 * 2. Every order that is not placed and none of whose runs is running, but that still holds stock,
 *    an open authorization, an unrefunded capture or an active label, or is still pending, is
 *    settled (its runs' logs are closed: the steps are logged here and summed up in its outcome).
 *
 * A placed order is never touched. What cannot be given back leaves the order flagged for review,
 * and the next start tries again.
 */
export async function recoverInterruptedRuns(deps: RecoveryDeps): Promise<RecoveryReport> {
  const { db } = deps;
  // On a shared database an order younger than the grace may be about to get its run on another instance.
  const startedAt = deps.clock.now() - (runLeasesFor(db).shared ? TAKEOVER_GRACE_MS : 0);
  const report = emptyReport();
  const tally = tallyInto(report);
  Object.assign(report, await settleOrphanedRuns(deps, tally));

  for (const orderId of await ordersToSettle(db, startedAt)) {
    try {
      await pause(deps);
      const result = await settleOrderHoldings(
        { db, clock: deps.clock, ids: randomIds, trace: null },
        {
          orderId,
          trigger: 'recovery',
          reason: 'at start-up: a run of this order is over but the order still held this',
        },
      );
      tally(orderId, result);
      if (result.acted)
        console.log(
          `[recovery] order ${orderId}: ${[...result.undone, ...result.failed.map((f) => `FAILED ${f}`)].join('; ')}`,
        );
      const previous = await db.order.findUniqueOrThrow({
        where: { id: orderId },
        select: { outcome: true, status: true },
      });
      await recordOrderEnd(db, orderId, (state) => {
        const note = result.acted
          ? `settled at start-up: ${result.undone.join('; ') || 'nothing given back'}`
          : previous.status === 'pending'
            ? "its run ended before the order's status was recorded"
            : 'checked at start-up';
        return `${previous.outcome ? `${previous.outcome}; ` : ''}${note}${state.needsReview ? '; needs review' : ''}`;
      });
    } catch (error) {
      console.error(`[recovery] order ${orderId} could not be settled`, error);
    }
  }

  const stillHeld = await ordersToSettle(db, startedAt);
  report.flaggedForReview = stillHeld;
  return report;
}

/** The order's status from what the services did, flagged when something is still held. */
async function recordOrderEnd(
  db: PrismaClient,
  orderId: string,
  outcome: (state: FinalOrderState) => string,
): Promise<void> {
  const state = await assessOrder(db, orderId);
  await db.order.update({
    where: { id: orderId },
    data: { status: state.status, needsReview: state.needsReview, outcome: outcome(state).slice(0, 500) },
  });
}

async function settleLeftRunning(deps: RecoveryDeps, runId: string, orderId: string): Promise<SettlementResult> {
  // A settlement a crash cut short keeps its span: this one gets the next id.
  const earlier = await deps.db.traceEvent.count({ where: { runId, type: 'settlement.started' } });
  const before = await assessOrder(deps.db, orderId);
  if (
    before.status !== 'placed' &&
    (before.heldReservations > 0 || before.openAuthorizations > 0 || before.capturedCents > before.refundedCents)
  )
    await pause(deps);
  return settleOrderHoldings(
    {
      db: deps.db,
      clock: deps.clock,
      ids: randomIds,
      trace: { runId, sink: deps.recorder, spanId: `settlement-${earlier + 1}`, parentSpanId: 'run' },
    },
    {
      orderId,
      trigger: 'recovery',
      reason: `The server stopped while the run was in progress; at start-up the harness gives back what the order still holds.`,
    },
  );
}

async function logIsClosed(db: PrismaClient, runId: string): Promise<boolean> {
  const last = await db.traceEvent.findFirst({ where: { runId }, orderBy: { seq: 'desc' }, select: { type: true } });
  return last?.type === 'run.finished' || last?.type === 'run.interrupted';
}

function pause(deps: RecoveryDeps): Promise<void> {
  const ms = deps.delayPerOrderMs ?? 0;
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

/**
 * Orders that are not placed, none of whose runs is running, and that still hold stock, an open
 * authorization, an unrefunded capture or an active label, or are still pending (an order with no
 * run at all only if it was created before this start: a request in flight now may be placing it).
 * The lookups go through the (orderId, …) indexes, so this stays cheap on a large store.
 */
async function ordersToSettle(db: PrismaClient, startedAt: number): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT o."id" AS id FROM "Order" o
    WHERE o."status" <> 'placed'
      AND NOT EXISTS (SELECT 1 FROM "Run" r WHERE r."orderId" = o."id" AND r."status" = 'running')
      AND (
        o."status" = 'pending'
        OR EXISTS (SELECT 1 FROM "Reservation" v WHERE v."orderId" = o."id" AND v."status" = 'held')
        OR EXISTS (SELECT 1 FROM "Shipment" s WHERE s."orderId" = o."id" AND s."status" = 'label_created')
        OR EXISTS (
          SELECT 1 FROM "Payment" a WHERE a."orderId" = o."id" AND a."kind" = 'authorization' AND a."status" = 'succeeded'
            AND NOT EXISTS (SELECT 1 FROM "Payment" c WHERE c."orderId" = a."orderId" AND c."kind" IN ('void', 'capture') AND c."status" = 'succeeded' AND c."parentId" = a."id"))
        OR EXISTS (
          SELECT 1 FROM "Payment" c WHERE c."orderId" = o."id" AND c."kind" = 'capture' AND c."status" = 'succeeded'
            AND c."amountCents" > (SELECT COALESCE(SUM(f."amountCents"), 0) FROM "Payment" f WHERE f."orderId" = c."orderId" AND f."kind" = 'refund' AND f."status" = 'succeeded' AND f."parentId" = c."id"))
      )
    ORDER BY o."createdAt", o."id"`;
  if (rows.length === 0) return [];
  const orders = await db.order.findMany({
    where: { id: { in: rows.map((r) => r.id) } },
    select: { id: true, createdAt: true, _count: { select: { runs: true } } },
  });
  const keep = new Set(orders.filter((o) => o._count.runs > 0 || o.createdAt.getTime() < startedAt).map((o) => o.id));
  return rows.map((r) => r.id).filter((id) => keep.has(id));
}
