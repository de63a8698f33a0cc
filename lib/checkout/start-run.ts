import type { PrismaClient } from '@/lib/db/client';
import type { RunMode } from './order-request';
import type { FaultRule } from '@/lib/faults/rule-schema';
import { createPacer, type Pace, type Pacer } from '@/lib/runtime/pace';
import type { StateSnapshot } from '@/lib/replay/state-snapshot';
import { z } from 'zod';
import { runLeasesFor } from './run-leases';
import { trackQueuedRun, trackRun } from './run-registry';
import { loadResumePlan, resumeRun } from './resume-run';
import { ownRulesOf, withOwnRules } from './own-rules';
import { durableRunQueueFor, runSlots, type RunJob } from './run-queue';
import { runEnded, storedRunResult } from './run-outcome';
import { agentModels, executeRun, type CheckoutServices, type RunResult } from './run-checkout';

/** A rule as the fault snapshot holds it: a database row's face (params as JSON text), without its timestamps. */
function snapshotRow({ createdAt: _c, updatedAt: _u, params, ...rule }: FaultRule) {
  return { ...rule, params: JSON.stringify(params) };
}

/**
 * What a re-run needs to start from the same place: the fault rules (the store's, then the
 * order's own, in creation order) and the stock and cards involved.
 */
async function snapshots(db: PrismaClient, orderId: string, orderRules: FaultRule[]) {
  const [rules, order, products] = await Promise.all([
    db.faultRule.findMany({ where: { enabled: true }, orderBy: { createdAt: 'asc' } }),
    db.order.findUniqueOrThrow({
      where: { id: orderId },
      include: { customer: { include: { paymentMethods: true, cardRequests: true } } },
    }),
    // Every product, not only the order's: a corrupted reply may quote another SKU's stock.
    db.product.findMany({ select: { sku: true, stock: true, reserved: true }, orderBy: { sku: 'asc' } }),
  ]);
  const faultRules = [
    ...rules.map(({ createdAt: _c, updatedAt: _u, ...rule }) => rule),
    ...orderRules.map(snapshotRow),
  ];
  const state: StateSnapshot = {
    products,
    cards: order.customer.paymentMethods.map((pm) => ({
      id: pm.id,
      role: pm.role,
      status: pm.status,
      behavior: pm.behavior,
    })),
    cardRequests: order.customer.cardRequests.map(({ createdAt: _c, ...request }) => request),
  };
  return { faultRules, state, customerId: order.customerId };
}

/**
 * Creates the Run for an order and queues it: the caller gets the run id at once and follows the run
 * over SSE; `done` settles when it has ended, wherever it ran.
 */
export interface StartRunInput {
  orderId: string;
  mode: RunMode;
  seed?: number;
  batchId?: string;
  model: string;
  /** A preset whose rules this run alone lives under (checked by the caller). */
  faultPreset?: string;
  /** How fast it goes for a person watching (default instant). */
  pace?: Pace;
}

export async function startRun(
  rt: CheckoutServices,
  input: StartRunInput,
): Promise<{ runId: string; done: Promise<RunResult> }> {
  const job = await createRun(rt, input);
  const durable = durableRunQueueFor(rt.db);
  if (durable) {
    // Every instance on this database works the queue: the run may well execute on another one.
    await durable.submit(job);
    return { runId: job.runId, done: runEnded(rt.db, job.runId) };
  }
  // Its pace can be changed from now on, while it waits for a slot too.
  const pacer = createPacer(rt.clock, job.seed, job.pace ?? 'instant');
  const done = runSlots().hold(async () => {
    const running = await executeRunJob(rt, job, pacer);
    return running ? running.done : storedRunResult(rt.db, job.runId);
  });
  trackQueuedRun(job.runId, done, {
    pacer,
    ownFaultRules: () => ownRulesOf(job.orderId, job.faultPreset, job.startedAt),
  });
  return { runId: job.runId, done };
}

/** The Run row (its fault and state snapshots taken now, as re-runs need them) and the job that will execute it. */
async function createRun(rt: CheckoutServices, input: StartRunInput): Promise<RunJob> {
  const { db } = rt;
  const startedAt = rt.clock.now();
  const orderRules = ownRulesOf(input.orderId, input.faultPreset, startedAt);
  const { faultRules, state, customerId } = await snapshots(db, input.orderId, orderRules);
  const seed = input.seed ?? 0;
  const run = await db.run.create({
    data: {
      ...(rt.ids ? { id: rt.ids('run') } : {}),
      orderId: input.orderId,
      customerId,
      mode: input.mode,
      goal: `complete customer ${customerId}'s purchase of order ${input.orderId}`,
      model: input.model,
      seed,
      batchId: input.batchId,
      faultSnapshot: JSON.stringify(faultRules),
      stateSnapshot: JSON.stringify(state),
      startedAt: new Date(startedAt),
      ...(input.mode === 'agents'
        ? { models: { create: Object.entries(agentModels(rt)).map(([agent, model]) => ({ agent, model })) } }
        : {}),
    },
  });
  return {
    runId: run.id,
    orderId: input.orderId,
    mode: input.mode,
    model: input.model,
    seed,
    ...(input.faultPreset ? { faultPreset: input.faultPreset } : {}),
    ...(input.pace ? { pace: input.pace } : {}),
    startedAt,
  };
}

/**
 * Executes a queued run here, once this process holds it (its lease: on a shared database, another
 * instance may have it already) and it still waits: a fresh run from its start; one an instance that
 * stopped had begun, resumed from its log where the log allows it (else left to the takeover, which
 * settles it). Null when there is nothing to execute here; else the run's end (wrapped: this resolves once it has begun).
 */
export async function executeRunJob(
  rt: CheckoutServices,
  job: RunJob,
  pacer: Pacer = createPacer(rt.clock, job.seed, job.pace ?? 'instant'),
): Promise<{ done: Promise<RunResult> } | null> {
  const { db } = rt;
  const leases = runLeasesFor(db);
  if (!(await leases.claim(job.runId))) return null;
  const letGo = () => leases.release(job.runId).catch(() => undefined);
  let faultRules: unknown[];
  try {
    // Whether the log has begun is one index seek; Prisma's `_count` of events would group the whole
    // TraceEvent table on every run start (a join on an aggregate of every run's events).
    const [run, firstEvent] = await Promise.all([
      db.run.findUnique({ where: { id: job.runId }, select: { status: true, faultSnapshot: true } }),
      db.traceEvent.findFirst({ where: { runId: job.runId }, select: { seq: true } }),
    ]);
    if (run?.status !== 'running') {
      await letGo();
      return null;
    }
    if (firstEvent) {
      // Begun by an instance that stopped: resumed where its log allows it, else left to the takeover.
      const plan = await loadResumePlan(db, job.runId);
      if ('why' in plan) {
        await letGo();
        return null;
      }
      const { done } = await resumeRun(rt, plan, leases, 'The instance that began this run stopped before it ended.');
      return { done };
    }
    faultRules = z.array(z.unknown()).parse(JSON.parse(run.faultSnapshot));
    // Running, its log empty, and this instance holds it: the recorder need not read either again.
    rt.recorder.beginsEmpty?.(job.runId);
  } catch (error) {
    await letGo();
    throw error;
  }
  const orderRules = ownRulesOf(job.orderId, job.faultPreset, job.startedAt);
  const { runtime, ownRules } = withOwnRules(rt, orderRules);
  const done = executeRun(runtime, {
    runId: job.runId,
    orderId: job.orderId,
    mode: job.mode,
    model: job.model,
    seed: job.seed,
    faultRules,
    faultPreset: job.faultPreset,
    pacer,
    startedAt: job.startedAt,
  });
  trackRun(job.runId, done, { leases, controls: { pacer, ownFaultRules: () => ownRules.rules() } });
  return { done };
}
