import type { PrismaClient } from '@/lib/db/client';
import type { RunMode } from './order-request';
import { createDbFaultInjector, layeredFaultInjector } from '@/lib/faults/injector';
import { createMemoryFaultInjector } from '@/lib/faults/memory-injector';
import { presetRulesForOrder } from '@/lib/faults/presets';
import type { FaultRule } from '@/lib/faults/rule-schema';
import { createPacer, type Pace } from '@/lib/runtime/pace';
import type { StateSnapshot } from '@/lib/replay/state-snapshot';
import { registerLiveRun } from './live-runs';
import { runLeasesFor } from './run-leases';
import { agentModels, executeRun, type CheckoutRuntime, type RunResult } from './run-checkout';

const REGISTRY_KEY = Symbol.for('agent-checkout.run-registry');
type GlobalWithRuns = typeof globalThis & { [REGISTRY_KEY]?: Map<string, Promise<RunResult>> };

/** Runs in progress in this process, so tests and shutdown can wait for them. */
function registry(): Map<string, Promise<RunResult>> {
  const g = globalThis as GlobalWithRuns;
  return (g[REGISTRY_KEY] ??= new Map());
}

export function runInProgress(runId: string): Promise<RunResult> | undefined {
  return registry().get(runId);
}

export function runsInProgress(): string[] {
  return [...registry().keys()];
}

export async function waitForAllRuns(): Promise<void> {
  await Promise.allSettled([...registry().values()]);
}

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
  return { faultRules, state };
}

/**
 * Creates the Run for an order and starts it in the background: the caller gets the
 * run id at once and follows the run over SSE.
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
  rt: CheckoutRuntime,
  input: StartRunInput,
): Promise<{ runId: string; done: Promise<RunResult> }> {
  const { db } = rt;
  const order = await db.order.findUniqueOrThrow({ where: { id: input.orderId }, select: { customerId: true } });
  const orderRules =
    (input.faultPreset &&
      presetRulesForOrder(input.faultPreset, `${input.orderId}-${input.faultPreset}`, rt.clock.now())) ||
    [];
  const { faultRules, state } = await snapshots(db, input.orderId, orderRules);
  const seed = input.seed ?? 0;
  const startedAt = rt.clock.now();
  const run = await db.run.create({
    data: {
      ...(rt.ids ? { id: rt.ids('run') } : {}),
      orderId: input.orderId,
      customerId: order.customerId,
      mode: input.mode,
      goal: `complete customer ${order.customerId}'s purchase of order ${input.orderId}`,
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
  // Other instances on a shared database see this run as ours (and leave it alone) while we hold it.
  const leases = runLeasesFor(db);
  await leases.hold(run.id);
  const ownRules = createMemoryFaultInjector(orderRules, rt.clock);
  const storeRules = rt.services?.faults ?? createDbFaultInjector(db, rt.clock);
  const runtime: CheckoutRuntime = orderRules.length
    ? { ...rt, services: { ...rt.services, faults: layeredFaultInjector(storeRules, ownRules) } }
    : rt;
  const pacer = createPacer(rt.clock, seed, input.pace ?? 'instant');
  const unregister = registerLiveRun(run.id, { pacer, ownFaultRules: () => ownRules.rules() });
  const done = executeRun(runtime, {
    runId: run.id,
    orderId: input.orderId,
    mode: input.mode,
    model: input.model,
    seed,
    faultRules,
    faultPreset: input.faultPreset,
    pacer,
    startedAt,
  });
  const runs = registry();
  runs.set(run.id, done);
  const letGo = () =>
    leases
      .release(run.id)
      .catch((error: unknown) => console.error(`[run ${run.id}] its lease could not be released`, error));
  done.then(
    () => {
      runs.delete(run.id);
      unregister();
      void letGo();
    },
    (error: unknown) => {
      runs.delete(run.id);
      unregister();
      void letGo();
      console.error(`[run ${run.id}] failed to record its end`, error);
    },
  );
  return { runId: run.id, done };
}
