import { describe, expect, it } from 'vitest';
import type { RunMode } from '@/lib/checkout/order-request';
import { FAULT_PRESETS } from '@/lib/faults/presets';
import { replayRun } from '@/lib/replay/replay-run';
import { randomIds } from '@/lib/runtime/ids';
import type { TraceEvent } from '@/lib/trace/events';
import { TraceRecorder } from '@/lib/trace/recorder';
import { createCheckoutHarness, type Harness, type HarnessOptions } from '../../support/checkout-harness';
import { normaliseTrace } from '../../support/normalise-trace';

/**
 * Exact re-runs, everywhere: the same order under the same preset, placed on two fresh stores that
 * mint other ids (sequential and short; random and long, as the app does) and start at other times,
 * gives the same trace once ids and clock readings are normalised; and every run re-runs identical.
 * The combinations span the demo customers' scenarios and the presets, probabilistic ones included.
 */
const COMBINATIONS: { customerId: string; preset: string; sku: string }[] = [
  { customerId: 'cus_ada', preset: 'flaky-gateway-30', sku: 'KB-001' },
  { customerId: 'cus_grace', preset: 'chaos-mix', sku: 'MS-002' },
  { customerId: 'cus_linus', preset: 'flaky-gateway-30', sku: 'MS-002' },
  { customerId: 'cus_barbara', preset: 'chaos-mix', sku: 'LP-009' },
  { customerId: 'cus_katherine', preset: 'gateway-timeouts', sku: 'KB-001' },
  { customerId: 'cus_edsger', preset: 'carrier-outage', sku: 'HP-004' },
  { customerId: 'cus_alan', preset: 'ambiguous-capture', sku: 'WC-005' },
  { customerId: 'cus_margaret', preset: 'notification-down', sku: 'KB-001' },
  { customerId: 'cus_mallory', preset: 'rate-limited-payments', sku: 'CB-010' },
  { customerId: 'cus_linus', preset: 'customer-service-down', sku: 'LP-009' },
];

/** Two stores as unlike as they may be without changing what the order meets. */
const STORES: HarnessOptions[] = [{}, { ids: randomIds, startAt: Date.UTC(2026, 0, 1, 9, 30, 17, 123) }];

const probabilistic = new Set(
  FAULT_PRESETS.filter((p) => p.rules.some((rule) => rule.probability !== undefined)).map((p) => p.id),
);

interface Placement {
  trace: string;
  events: TraceEvent[];
  rerunIdentical: boolean;
  rerunTrace: string;
}

async function placeAndRerun(
  store: HarnessOptions,
  mode: RunMode,
  combination: (typeof COMBINATIONS)[number],
): Promise<Placement> {
  const h: Harness = await createCheckoutHarness(store);
  try {
    const [run] = await h.order({
      customerId: combination.customerId,
      items: [{ sku: combination.sku, quantity: 1 }],
      mode,
      faultPreset: combination.preset,
    });
    const events = await h.events(run.runId);
    const replay = await replayRun(
      { db: h.t.db, recorderFor: (clock) => new TraceRecorder({ db: h.t.db, bus: h.bus, clock }) },
      run.runId,
    );
    if (!replay.comparison.identical)
      console.error(
        `${mode} ${combination.customerId} × ${combination.preset}: re-run diverged at`,
        replay.comparison.firstDivergence,
      );
    return {
      trace: normaliseTrace(events),
      events,
      rerunIdentical: replay.comparison.identical,
      rerunTrace: normaliseTrace(await h.events(replay.runId)),
    };
  } finally {
    await h.dispose();
  }
}

describe.each<RunMode>(['agents', 'orchestrator'])('exact re-runs (%s)', (mode) => {
  const injected = new Map<string, number>();

  it.each(COMBINATIONS)(
    '$customerId × $preset: the same trace on two stores, and identical re-runs',
    async (combination) => {
      const [first, second] = [
        await placeAndRerun(STORES[0], mode, combination),
        await placeAndRerun(STORES[1], mode, combination),
      ];
      // The stores really differ: other ids, other times.
      expect(second.events[0].runId).not.toBe(first.events[0].runId);
      expect(second.events[0].ts).not.toBe(first.events[0].ts);

      expect(second.trace).toBe(first.trace);
      expect([first.rerunIdentical, second.rerunIdentical]).toEqual([true, true]);
      // A re-run mints its parent's ids: byte for byte the same once clock readings are set aside.
      expect(first.rerunTrace).toBe(first.trace);
      expect(second.rerunTrace).toBe(second.trace);
      injected.set(
        `${combination.customerId} × ${combination.preset}`,
        first.events.filter((e) => e.type === 'fault.injected').length,
      );
    },
    120_000,
  );

  it('met faults along the way, probabilistic presets included (the check above is not about quiet runs)', () => {
    expect(injected.size).toBe(COMBINATIONS.length);
    const fired = COMBINATIONS.filter((c) => (injected.get(`${c.customerId} × ${c.preset}`) ?? 0) > 0);
    expect(fired.length).toBeGreaterThanOrEqual(mode === 'agents' ? 8 : 6);
    expect(fired.some((c) => probabilistic.has(c.preset))).toBe(true);
  });
});
