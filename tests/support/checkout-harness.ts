import { runRecorder, modelsFromEnv, type AppServices } from '@/lib/checkout/app-services';
import { placeOrder } from '@/lib/checkout/place-order';
import { runInProgress } from '@/lib/checkout/run-registry';
import type { OrderRequest } from '@/lib/checkout/order-request';
import type { RunResult } from '@/lib/checkout/run-checkout';
import { applyFaultPreset } from '@/lib/faults/presets';
import { ManualClock } from '@/lib/runtime/clock';
import { sequentialIds, type IdGenerator } from '@/lib/runtime/ids';
import { InProcessTraceBus } from '@/lib/trace/bus';
import { TraceRecorder } from '@/lib/trace/recorder';
import type { TraceEvent } from '@/lib/trace/events';
import { createTestDatabase, type TestDatabase } from './test-db';

export interface Harness {
  t: TestDatabase;
  rt: AppServices;
  clock: ManualClock;
  bus: InProcessTraceBus;
  /** Places an order and waits for its run(s) to end. */
  order(
    request: Partial<OrderRequest> & { customerId: string },
    options?: { newCardDelayMs?: number },
  ): Promise<RunResult[]>;
  events(runId: string): Promise<TraceEvent[]>;
  dispose(): Promise<void>;
}

export interface HarnessOptions {
  newCardDelayMs?: number;
  /** How run and order ids are minted (default: sequential, `run_1`, `ord_1`…). */
  ids?: IdGenerator;
  /** Where the manual clock starts (default: ManualClock's). */
  startAt?: number;
}

/** A throw-away database with the demo store, a manual clock, deterministic ids and the offline planner (no env models). */
export async function createCheckoutHarness(options: HarnessOptions = {}): Promise<Harness> {
  const t = await createTestDatabase();
  const clock = new ManualClock(options.startAt);
  const bus = new InProcessTraceBus();
  const recorder = new TraceRecorder({ db: t.db, bus, clock });
  const modelFor = modelsFromEnv({});
  const ids = options.ids ?? sequentialIds();
  const rt: AppServices = {
    db: t.db,
    clock,
    ids,
    modelFor,
    recorder: runRecorder(t.db, recorder, clock),
    services: { newCardDelayMs: options.newCardDelayMs },
    modelLabel: (mode) => (mode === 'orchestrator' ? 'orchestrator' : modelFor('CheckoutAgent').label),
    applyPreset: async (preset) => (await applyFaultPreset(t.db, { preset })).ok,
  };
  return {
    t,
    rt,
    clock,
    bus,
    async order(request) {
      const placed = await placeOrder(rt, { items: [{ sku: 'KB-001', quantity: 1 }], mode: 'agents', ...request });
      return Promise.all(placed.map((p) => runInProgress(p.runId)!));
    },
    async events(runId) {
      const rows = await t.db.traceEvent.findMany({ where: { runId }, orderBy: { seq: 'asc' } });
      return rows.map(
        (r) =>
          ({
            runId: r.runId,
            seq: r.seq,
            ts: r.ts,
            type: r.type,
            spanId: r.spanId,
            parentSpanId: r.parentSpanId,
            agent: r.agent,
            data: JSON.parse(r.payload),
          }) as TraceEvent,
      );
    },
    dispose: () => t.dispose(),
  };
}
