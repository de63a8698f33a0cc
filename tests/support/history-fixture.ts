import { applyFaultPreset } from '@/lib/faults/presets';
import type { TraceEvent } from '@/lib/trace/events';
import { flushSearchIndex } from '@/lib/trace/search-indexer';
import { createCheckoutHarness, type Harness } from '@/tests/support/checkout-harness';

/**
 * Real offline runs for the history tests: a handful of orders whose traces differ in the ways the
 * filters and search care about (mode, customer, declined and underfunded cards, injected faults,
 * failures), one minute apart on the manual clock. Expectations are computed from the recorded
 * events, never written down by hand.
 */

export interface HistoryFixture {
  h: Harness;
  /** Run ids in the order they were started (oldest first). */
  runIds: string[];
  events: Map<string, TraceEvent[]>;
  dispose(): Promise<void>;
}

interface Step {
  customerId: string;
  mode?: 'agents' | 'orchestrator';
  /** Replaces the fault rules before the order (null: none). */
  preset: string | null;
}

const STEPS: Step[] = [
  { customerId: 'cus_ada', preset: null },
  { customerId: 'cus_grace', preset: null },
  { customerId: 'cus_barbara', preset: null },
  { customerId: 'cus_ada', mode: 'orchestrator', preset: null },
  { customerId: 'cus_alan', preset: 'carrier-outage' },
  { customerId: 'cus_katherine', preset: 'out-of-stock' },
  { customerId: 'cus_linus', preset: null },
];

export async function createHistoryFixture(): Promise<HistoryFixture> {
  const h = await createCheckoutHarness();
  const runIds: string[] = [];
  for (const step of STEPS) {
    await h.t.db.faultRule.deleteMany();
    if (step.preset) {
      const applied = await applyFaultPreset(h.t.db, { preset: step.preset });
      if (!applied.ok) throw new Error(`preset ${step.preset} did not apply`);
    }
    h.clock.advance(60_000);
    const [run] = await h.order({ customerId: step.customerId, mode: step.mode ?? 'agents' });
    runIds.push(run.runId);
  }
  await h.t.db.faultRule.deleteMany();
  // Search is fed after commit: the tests search these runs at once.
  await flushSearchIndex(h.t.db);
  const events = new Map<string, TraceEvent[]>();
  for (const id of runIds) events.set(id, await h.events(id));
  return { h, runIds, events, dispose: () => h.dispose() };
}

/** Runs (newest first, as the list's default order) whose events satisfy the predicate. */
export function runsWhere(f: HistoryFixture, predicate: (event: TraceEvent) => boolean): string[] {
  return [...f.runIds].reverse().filter((id) => f.events.get(id)!.some(predicate));
}
