import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChaosBatch, batchProgress } from '@/lib/chaos/batch';
import { randomFaultSchedule } from '@/lib/chaos/random-fault-rules';
import { auditStore } from '@/lib/chaos/invariants';
import { assessOrder, type FinalOrderState } from '@/lib/checkout/settle-order';
import { waitForAllRuns } from '@/lib/checkout/run-registry';
import { createFaultRule } from '@/lib/faults/rules';
import { settlementStartedDataSchema } from '@/lib/trace/events';
import { createCheckoutHarness, type Harness } from '../../support/checkout-harness';

/**
 * A chaos batch of 200 orders through both the agents and the classic orchestrator (400 runs, all at
 * once, as the control panel starts them), under a random fault profile: whatever each run leaves
 * behind, after settlement no order that is not placed holds stock, an open authorization or money.
 * Latency faults are left out so the batch is bounded in time (the manual clock skips every wait anyway).
 */

const ORDERS = 200;
const SEED = 11;
/** Several seeded schedules together, so every service meets faults through the whole batch. */
const PROFILE_SEEDS = [101, 202, 303, 404, 505];

let h: Harness;
beforeAll(async () => {
  h = await createCheckoutHarness({ newCardDelayMs: 1000 });
});
afterAll(async () => h.dispose());

describe(`a chaos batch of ${ORDERS} orders in both modes under a random fault profile`, () => {
  it('ends with no order that is not placed holding stock, an authorization or an unrefunded capture', async () => {
    const rules = PROFILE_SEEDS.flatMap((seed) => randomFaultSchedule(seed)).filter((rule) => rule.kind !== 'latency');
    for (const { id: _id, hitCount: _h, evalCount: _e, createdAt: _c, updatedAt: _u, ...fields } of rules) {
      const created = await createFaultRule(h.t.db, fields);
      expect(created.ok, JSON.stringify(created)).toBe(true);
    }

    const { batchId, runs } = await startChaosBatch(h.rt, { orders: ORDERS, seed: SEED, mode: 'both' });
    expect(runs).toHaveLength(ORDERS * 2);
    await waitForAllRuns();
    const progress = await batchProgress(h.t.db, batchId);
    expect(progress?.finished).toBe(ORDERS * 2);

    const db = h.t.db;
    const fired = await db.faultRule.findMany({
      where: { hitCount: { gt: 0 } },
      select: { kind: true, hitCount: true },
    });
    const settlements = await db.traceEvent.findMany({
      where: { runId: { in: runs.map((r) => r.runId) }, type: 'settlement.started' },
      select: { runId: true, payload: true },
    });
    const modeOf = new Map(runs.map((r) => [r.runId, r.mode]));
    const states = new Map<string, FinalOrderState>();
    for (const run of runs) states.set(run.orderId, await assessOrder(db, run.orderId));
    const rows = new Map(
      (
        await db.order.findMany({
          where: { id: { in: runs.map((r) => r.orderId) } },
          select: { id: true, status: true, needsReview: true },
        })
      ).map((o) => [o.id, o]),
    );

    const figures = (['agents', 'orchestrator'] as const).map((mode) => {
      const ofMode = runs.filter((r) => r.mode === mode).map((r) => states.get(r.orderId)!);
      const left = settlements
        .filter((s) => modeOf.get(s.runId) === mode)
        .map((s) => settlementStartedDataSchema.parse(JSON.parse(s.payload)).holdings);
      const notPlaced = ofMode.filter((o) => o.status !== 'placed');
      return {
        mode,
        orders: ofMode.length,
        placed: ofMode.length - notPlaced.length,
        failed: notPlaced.length,
        settledByHarness: left.length,
        leftByRuns: {
          heldReservations: left.reduce((n, l) => n + l.heldReservations, 0),
          openAuthorizations: left.reduce((n, l) => n + l.openAuthorizations, 0),
          unrefundedCents: left.reduce((n, l) => n + l.unrefundedCents, 0),
          activeLabels: left.reduce((n, l) => n + l.activeLabels, 0),
        },
        afterSettlement: {
          holdingStock: notPlaced.filter((o) => o.heldReservations > 0).length,
          openAuthorization: notPlaced.filter((o) => o.openAuthorizations > 0).length,
          unrefundedCapture: notPlaced.filter((o) => o.capturedCents - o.refundedCents > 0).length,
          pending: ofMode.filter((o) => rows.get(o.orderId)?.status === 'pending').length,
          needsReview: ofMode.filter((o) => rows.get(o.orderId)?.needsReview).length,
        },
      };
    });
    console.log(
      `[chaos-settlement] ${ORDERS} orders × 2 modes, ${rules.length} fault rules (${fired.map((r) => `${r.kind}×${r.hitCount}`).join(', ')})`,
    );
    for (const f of figures) console.log(`[chaos-settlement] ${JSON.stringify(f)}`);

    // The profile really broke things, and settlement had work: the orchestrator leaves authorizations
    // and captures behind by design (the agents usually clean up after themselves; whatever they leave is settled too).
    expect(fired.length).toBeGreaterThan(3);
    expect(figures[1].settledByHarness).toBeGreaterThan(0);
    for (const f of figures) {
      expect(f.afterSettlement, f.mode).toMatchObject({
        holdingStock: 0,
        openAuthorization: 0,
        unrefundedCapture: 0,
        pending: 0,
      });
    }
    const audit = await auditStore(db);
    expect(audit.violations.filter((v) => v.sku)).toEqual([]);
  }, 900_000);
});
