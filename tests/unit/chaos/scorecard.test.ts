import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formatScorecard,
  runScorecard,
  saveScorecard,
  type Scorecard,
  type ScorecardProgress,
} from '@/lib/chaos/scorecard';
import { modelsFromEnv } from '@/lib/checkout/app-services';
import { createTestDatabase, type TestDatabase } from '../../support/test-db';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.dispose());

const offline = () => {
  const modelFor = modelsFromEnv({});
  return { modelFor, label: modelFor('CheckoutAgent').label };
};

describe('chaos scorecard', () => {
  it('runs the same seeded schedules through agents and orchestrator, k times, without touching the store it reads', async () => {
    const stock = await t.db.product.findMany({ orderBy: { sku: 'asc' } });
    const card = await runScorecard({ orders: 6, seed: 4, k: 2, profile: 'random' }, offline(), t.db);
    expect(card.totals.agents.orders).toBe(6);
    expect(card.totals.orchestrator.orders).toBe(6);
    // The agents never break an invariant, and the offline planner is deterministic: every trial ends the same way.
    expect(card.totals.agents.violated).toBe(0);
    expect(card.totals.agents.safeK).toBe(6);
    for (const mode of ['agents', 'orchestrator'] as const)
      expect(card.totals[mode].passK).toBeLessThanOrEqual(card.totals[mode].safeK);
    expect(card.totals.agents.goalReached).toBeGreaterThanOrEqual(card.totals.orchestrator.goalReached);
    for (const scores of Object.values(card.byKind)) expect(scores.agents.orders).toBe(scores.orchestrator.orders);
    expect(await t.db.product.findMany({ orderBy: { sku: 'asc' } })).toEqual(stock);
    expect(formatScorecard(card)).toMatch(/ALL ORDERS\s+\| agents/);
    const saved = await saveScorecard(t.db, card);
    expect(JSON.parse(saved.results)).toMatchObject({ totals: { agents: { orders: 6 } } });
  });

  it('under declined primary cards the agents recover where the orchestrator cannot', async () => {
    const card = await runScorecard({ orders: 5, seed: 2, k: 1, profile: 'decline-primary-cards' }, offline(), t.db);
    const decline = card.byKind.decline;
    expect(decline.agents.recovered).toBeGreaterThan(0);
    expect(decline.orchestrator.goalReached).toBe(0);
    expect(decline.agents.violated).toBe(0);
    // pass^k counts a failure as correct only where no trial of either mode could place the order:
    // the orders the agents placed are ones the orchestrator failed, however safely.
    expect(decline.agents.passK).toBe(decline.agents.orders);
    expect(decline.orchestrator.passK).toBe(decline.orchestrator.orders - decline.agents.goalReached);
  });
});

/** The card without how it was run (wall-clock duration, threads): everything else must not depend on it. */
const comparable = ({ durationMs: _d, threads: _t, ...card }: Scorecard) => JSON.stringify(card);

describe('chaos scorecard in parallel', () => {
  it('gives byte-identical results and traces with 1 worker and with 2', async () => {
    const request = { orders: 4, seed: 11, k: 2, profile: 'random' };
    const progress: ScorecardProgress[] = [];
    const serial = await runScorecard(request, offline(), t.db, { workers: 1, digestTraces: true });
    const parallel = await runScorecard(request, offline(), t.db, {
      workers: 2,
      env: {},
      digestTraces: true,
      onProgress: (p) => progress.push(p),
    });
    expect([serial.threads, parallel.threads]).toEqual([1, Math.min(os.availableParallelism(), 2)]);
    expect(serial.traceDigests).toHaveLength(4);
    expect(serial.traceDigests!.every((d) => /^[0-9a-f]{64}$/.test(d))).toBe(true);
    expect(comparable(parallel)).toBe(comparable(serial));
    // Every order of every trial was counted once, and the last tick says all of them are done.
    expect(progress).toHaveLength(16);
    expect(progress.at(-1)).toEqual({ done: 16, total: 16 });
    // Sixteen order-trials twice, and two workers to start: on a busy machine this takes minutes.
  }, 300_000);
});
