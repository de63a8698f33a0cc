import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test, expect } from './fixtures';
import { RunPane } from './pages/run-page';
import { StorePage } from './pages/store-page';
import { ARTIFACTS_DIR } from './screenshots';

interface Sample {
  runId: string;
  seq: number;
  latencyMs: number;
  receivedMs: number | null;
  live: boolean;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/**
 * A browser-side bench, not a test of speed: for every event the live view applies, the time from
 * the event's ts (stamped by the recorder as it commits) to the frame after it was painted. Prints
 * the figures and keeps them in tests/e2e/.artifacts/paint-latency.json; asserts only that it measured.
 */
test.use({ trace: 'off', screenshot: 'off' });

test('live graph update latency, event commit to paint (figures printed)', async ({ page }, testInfo) => {
  // Three checkouts, one after another.
  test.slow();
  const store = new StorePage(page);
  const samples: Sample[] = [];
  for (const customer of ['cus_ada', 'cus_grace', 'cus_barbara']) {
    await store.goto({ customer, cart: { 'CB-010': 1 } });
    const runId = await store.placeOrder();
    await new RunPane(page).waitForEnd();
    const mine = await page.evaluate((id) => (window.__acoPaintLatency ?? []).filter((s) => s.runId === id), runId);
    samples.push(...mine);
  }
  const liveSamples = samples.filter((s) => s.live);
  const live = liveSamples.map((s) => s.latencyMs).sort((a, b) => a - b);
  const delivery = liveSamples.flatMap((s) => (s.receivedMs === null ? [] : [s.receivedMs])).sort((a, b) => a - b);
  expect(live.length, 'events that arrived live').toBeGreaterThan(0);
  const figures = {
    liveEvents: live.length,
    backfilledEvents: samples.length - live.length,
    p50Ms: quantile(live, 0.5),
    p95Ms: quantile(live, 0.95),
    maxMs: live[live.length - 1],
    deliveryP50Ms: quantile(delivery, 0.5),
    deliveryP95Ms: quantile(delivery, 0.95),
    note: 'events committed after the page subscribed; back-filled ones (recorded before the page opened) are left out',
  };
  console.log(`[bench] live graph update latency (commit → paint): ${JSON.stringify(figures)}`);
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  writeFileSync(path.join(ARTIFACTS_DIR, 'paint-latency.json'), `${JSON.stringify(figures, null, 2)}\n`);
  await testInfo.attach('paint-latency', { body: JSON.stringify(figures, null, 2), contentType: 'application/json' });
});
