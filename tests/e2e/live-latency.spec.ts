import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test, expect } from './fixtures';
import { RunPane } from './pages/run-page';
import { StorePage } from './pages/store-page';
import { ARTIFACTS_DIR } from '../support/e2e/screenshots';
import { paintFigures, type PaintSample } from '../support/e2e/paint-figures';
import { streamLongCheckout } from '../support/e2e/stand-in-stream';

/**
 * A browser-side bench, not a test of speed: for every event the live view applies, the time from
 * the event's ts (stamped by the recorder as it commits) to the frame after it was painted, over
 * orders placed from the store at the real-time pace (model steps and service calls take the time
 * they would), as a person watches them. Prints the figures and keeps them in
 * tests/e2e/.artifacts/paint-latency.json; asserts only that it measured. A burst of 1,000 events:
 * live-graph-burst.spec.ts.
 */
test.use({ trace: 'off', screenshot: 'off' });

test('live graph update latency, event commit to paint, paced runs (figures printed)', async ({ page }, testInfo) => {
  // Two checkouts at the real-time pace, one after another.
  test.slow();
  const store = new StorePage(page);
  const samples: PaintSample[] = [];
  for (const customer of ['cus_ada', 'cus_grace']) {
    await store.goto({ customer, cart: { 'CB-010': 1 } });
    await page.getByTestId('order-pace-real_time').click();
    const runId = await store.placeOrder();
    await new RunPane(page).waitForEnd(180_000);
    const mine = await page.evaluate((id) => (window.__acoPaintLatency ?? []).filter((s) => s.runId === id), runId);
    samples.push(...mine);
  }
  const live = samples.filter((s) => s.live);
  expect(live.length, 'events that arrived live').toBeGreaterThan(0);
  const figures = {
    ...paintFigures(live),
    pace: 'real_time',
    backfilledEvents: samples.length - live.length,
    note: 'events committed after the page subscribed; back-filled ones (recorded before the page opened) are left out',
  };
  console.log(`[bench] live graph update latency, paced runs (commit → paint): ${JSON.stringify(figures)}`);
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  writeFileSync(path.join(ARTIFACTS_DIR, 'paint-latency.json'), `${JSON.stringify(figures, null, 2)}\n`);
  await testInfo.attach('paint-latency', { body: JSON.stringify(figures, null, 2), contentType: 'application/json' });
});

const BURST = 1000;

test('live graph, commit → paint for a burst of 1,000 events (figures printed)', async ({
  page,
  request,
}, testInfo) => {
  test.setTimeout(360_000);
  // All 1,000 in one task, each stamped as it is sent: "committed" then, so the figure is applying and painting.
  const { runId } = await streamLongCheckout(page, request, BURST, { paceMs: 50, perTick: BURST, stampTs: true });
  await page.goto(`/runs/${runId}`);
  await expect(page.getByTestId('replay-bar')).toHaveAttribute('data-total', String(BURST), { timeout: 300_000 });
  const samples = await page.evaluate(
    (id) => (window.__acoPaintLatency ?? []).filter((s) => s.runId === id && s.live),
    runId,
  );
  const figures = {
    ...paintFigures(samples as PaintSample[]),
    burst: BURST,
    note: 'one burst of 1,000 events sent in one task by a stand-in EventSource, each stamped as sent: commit → paint here is applying and painting (delivery excluded)',
  };
  expect(figures.events).toBeGreaterThan(0);
  console.log(`[bench] live graph, burst of ${BURST} events (commit → paint): ${JSON.stringify(figures)}`);
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  writeFileSync(path.join(ARTIFACTS_DIR, 'paint-latency-burst.json'), `${JSON.stringify(figures, null, 2)}\n`);
  await testInfo.attach('paint-latency-burst', {
    body: JSON.stringify(figures, null, 2),
    contentType: 'application/json',
  });
});
