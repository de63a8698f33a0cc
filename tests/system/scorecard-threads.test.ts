import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { runScorecard } from '@/lib/chaos/scorecard';
import { modelsFromEnv } from '@/lib/checkout/app-services';
import { scorecardReplySchema } from '@/lib/wire/chaos';
import { createTestDatabase } from '../support/test-db';
import { serverForSuite } from '../support/system/app-server';
import { postJson } from '../support/system/http';

/**
 * The scorecard a person runs from the chaos page uses every core too: the built server starts the
 * trial workers from the app's own folder (its bundle has no TypeScript to start them from), and
 * what they find is what one thread finds for the same card.
 */
describe('the chaos scorecard in the built server', () => {
  const suite = serverForSuite();

  it('runs a large card on the machine’s threads, with the results of one thread', async () => {
    const request = { orders: 30, k: 2, seed: 4, profile: 'random' as const };
    const posted = await postJson(`${suite.app.url}/api/chaos/scorecards`, request);
    expect(posted.status).toBe(201);
    const { report } = scorecardReplySchema.parse(posted.body);
    // Two units per mode: as many threads as the cores allow, up to four.
    expect(report.results.threads).toBe(Math.min(os.availableParallelism(), 2 * request.k));

    // The same card on one thread, from a store seeded as the server's was.
    const t = await createTestDatabase();
    try {
      const modelFor = modelsFromEnv({});
      const alone = await runScorecard(request, { modelFor, label: modelFor('CheckoutAgent').label }, t.db, {
        workers: 1,
      });
      expect(alone.threads).toBe(1);
      expect(report.results.totals).toEqual(alone.totals);
      expect(report.results.byKind).toEqual(alone.byKind);
    } finally {
      await t.dispose();
    }
  });
});
