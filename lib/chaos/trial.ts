import { createHash } from 'node:crypto';
import { createScratchDatabase } from '@/lib/db/scratch';
import type { PrismaClient } from '@/lib/db/client';
import { placeOrder } from '@/lib/checkout/place-order';
import { runRecorder, type AppServices } from '@/lib/checkout/app-services';
import { runInProgress } from '@/lib/checkout/run-registry';
import { assessOrder } from '@/lib/checkout/settle-order';
import type { RunMode } from '@/lib/checkout/order-request';
import type { AgentModel } from '@/lib/agents/run-context';
import { createMemoryFaultInjector } from '@/lib/faults/memory-injector';
import type { FaultRule } from '@/lib/faults/rule-schema';
import type { AgentName } from '@/lib/protocol/agents';
import { ManualClock } from '@/lib/runtime/clock';
import { sequentialIds } from '@/lib/runtime/ids';
import { InProcessTraceBus } from '@/lib/trace/bus';
import { STORED_EVENT_COLUMNS } from '@/lib/trace/event-log';
import { TraceRecorder } from '@/lib/trace/recorder';
import type { RandomOrder } from './random-orders';

/** One order's end in one trial: what the scorecard tallies. */
export interface TrialOrder {
  consistent: boolean;
  placed: boolean;
  kinds: string[];
}

/**
 * One trial of the scorecard: every order, one after another, by one mode, in one fresh demo store.
 * Self-contained (plain data in and out), so it runs the same in this thread or in a worker.
 */
export interface TrialUnit {
  mode: RunMode;
  orders: RandomOrder[];
  schedules: FaultRule[][];
  /** Also hash the trial's whole trace (every event of every run, in order): for checks that parallelism changes nothing. */
  digest?: boolean;
}

export interface TrialOutcome {
  orders: TrialOrder[];
  /** sha256 of the trial's events, when asked for. */
  traceDigest?: string;
}

export interface TrialModels {
  modelFor: (agent: AgentName) => AgentModel;
  label: string;
}

export async function runTrial(unit: TrialUnit, models: TrialModels, onOrderDone?: () => void): Promise<TrialOutcome> {
  const store = await createScratchDatabase({ seeded: true });
  try {
    const clock = new ManualClock();
    // Nobody searches a trial's throw-away store: no search indexing (nor a pass after it is disposed).
    const recorder = new TraceRecorder({ db: store.db, bus: new InProcessTraceBus(), clock, searchIndexer: null });
    const rt: AppServices = {
      db: store.db,
      clock,
      ids: sequentialIds(),
      modelFor: models.modelFor,
      recorder: runRecorder(store.db, recorder, clock),
      modelLabel: () => (unit.mode === 'orchestrator' ? 'orchestrator' : models.label),
      applyPreset: async () => false,
    };
    const orders: TrialOrder[] = [];
    for (const [i, order] of unit.orders.entries()) {
      const faults = createMemoryFaultInjector(unit.schedules[i], clock);
      const [placed] = await placeOrder({ ...rt, services: { faults } }, { ...order, mode: unit.mode, seed: i });
      const result = await runInProgress(placed.runId);
      // Judged on what the run did itself: settlement afterwards gives back what it left, in either mode.
      const state = result?.leftByRun ?? (await assessOrder(store.db, placed.orderId));
      orders.push({
        consistent: state.violations.length === 0,
        placed: state.status === 'placed',
        kinds: [
          ...new Set(
            faults
              .rules()
              .filter((r) => r.hitCount > 0)
              .map((r) => r.kind),
          ),
        ].sort(),
      });
      onOrderDone?.();
    }
    return unit.digest ? { orders, traceDigest: await traceDigest(store.db) } : { orders };
  } finally {
    await store.dispose();
  }
}

async function traceDigest(db: PrismaClient): Promise<string> {
  const hash = createHash('sha256');
  const rows = await db.traceEvent.findMany({
    orderBy: [{ runId: 'asc' }, { seq: 'asc' }],
    select: STORED_EVENT_COLUMNS,
  });
  for (const r of rows)
    hash.update(
      `${r.runId}\u0000${r.seq}\u0000${r.ts}\u0000${r.type}\u0000${r.spanId}\u0000${r.parentSpanId ?? ''}\u0000${r.agent ?? ''}\u0000${r.payload}\n`,
    );
  return hash.digest('hex');
}
