import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { z } from 'zod';
import { ARTIFACTS_DIR } from '../support/e2e/screenshots';

/**
 * A browser-side bench, not a test of speed (issue 8: open a 10,000-step trace in ≤ 1.5 s). A run
 * of 10,000 model steps, each with the tool calls, results and messages the agents record around
 * it (scripts/bench/seed-big-run.ts: a real chaos-mix checkout repeated through the recorder), is
 * recorded into a database of its own, served by a second app process; the run page is opened
 * several times and timed from navigation start to the frame in which the whole trace is on
 * screen: every event folded (the replay bar counts them all), the run's end shown, the timeline
 * holding every span the server's fold has. Prints the figures and keeps them in
 * tests/e2e/.artifacts/open-big-trace.json; asserts what was on screen, never how fast.
 */
test.use({ trace: 'off', screenshot: 'off' });

const STEPS = Number(process.env.BIG_TRACE_STEPS ?? 10_000);
const ROUNDS = Number(process.env.BIG_TRACE_ROUNDS ?? 3);
const RUN_ID = `big_run_${STEPS}`;

const seededSchema = z.object({
  runId: z.string(),
  events: z.number().int(),
  modelSteps: z.number().int(),
  toolCalls: z.number().int(),
});
const detailsSchema = z.object({ spans: z.array(z.object({ id: z.string() })) });

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function waitForHealth(base: string, server: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the bench server exited with ${server.exitCode}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the bench server did not start');
}

test('open a 10,000-step trace in the browser (figures printed)', async ({ page }, testInfo) => {
  test.setTimeout(15 * 60_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'aco-big-trace-'));
  const env = { ...process.env, DATABASE_URL: `file:${path.join(dir, 'big.db')}` };
  let server: ChildProcess | undefined;
  try {
    const output = execFileSync(
      path.resolve('node_modules/.bin/tsx'),
      ['scripts/bench/seed-big-run.ts', '--steps', String(STEPS), '--run-id', RUN_ID, '--json'],
      { env, encoding: 'utf8', timeout: 600_000 },
    );
    const seeded = seededSchema.parse(JSON.parse(output.trim().split('\n').at(-1) ?? ''));
    console.log(
      `[bench] recorded ${seeded.events.toLocaleString('en-US')} events, ${seeded.modelSteps.toLocaleString('en-US')} model steps, ${seeded.toolCalls.toLocaleString('en-US')} tool calls`,
    );
    const EVENTS = seeded.events;
    const port = await freePort();
    // stdin: the lifeline (tests/support/system/lifeline.mjs): the server ends with this worker even if the finally below never runs.
    server = spawn(
      process.execPath,
      ['--import', './tests/support/system/lifeline.mjs', 'server.mjs', '-H', '127.0.0.1', '-p', String(port)],
      { env, stdio: ['pipe', 'ignore', 'ignore'] },
    );
    const base = `http://127.0.0.1:${port}`;
    await waitForHealth(base, server);
    // The server's fold of the same log: the timeline must hold exactly these spans.
    const expectedSpans = detailsSchema.parse(await (await fetch(`${base}/api/runs/${RUN_ID}`)).json()).spans.length;

    const rounds: {
      openMs: number;
      domContentLoadedMs: number;
      deliveryStartMs: number;
      deliveryEndMs: number;
      requests: number;
      spans: number;
    }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      await page.goto(`${base}/runs/${RUN_ID}`, { waitUntil: 'commit' });
      // Polled every animation frame: resolves in the first frame that shows the whole trace.
      // The timeline draws a step after the graph while events arrive: the trace is open when it too is whole.
      await page.waitForFunction(
        ({ events, spans }) => {
          const bar = document.querySelector('[data-testid="replay-bar"]');
          const header = document.querySelector('[data-testid="run-header"]');
          const timeline = document.querySelector('[data-testid="timeline-count"]')?.textContent?.split(' ')[0];
          return (
            bar?.getAttribute('data-total') === String(events) &&
            bar.getAttribute('data-enabled') === 'true' &&
            header?.getAttribute('data-status') === 'succeeded' &&
            timeline === String(spans)
          );
        },
        { events: EVENTS, spans: expectedSpans },
        { polling: 'raf', timeout: 12 * 60_000 },
      );
      const timing = await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
        // Delivery, apart from folding and painting: the last byte of the log (events.ndjson) or of the event stream, whichever came last.
        const delivery = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((r) =>
          /\/api\/runs\/[^/]+\/events(\.ndjson)?$/.test(new URL(r.name).pathname),
        );
        return {
          openMs: performance.now(),
          domContentLoadedMs: nav?.domContentLoadedEventEnd ?? NaN,
          deliveryStartMs: Math.min(...delivery.map((r) => r.requestStart || r.startTime)),
          deliveryEndMs: Math.max(...delivery.map((r) => r.responseEnd)),
          requests: delivery.length,
          spans: Number(document.querySelector('[data-testid="timeline-count"]')?.textContent?.split(' ')[0] ?? NaN),
        };
      });
      rounds.push({
        ...timing,
        openMs: Math.round(timing.openMs),
        domContentLoadedMs: Math.round(timing.domContentLoadedMs),
        deliveryStartMs: Math.round(timing.deliveryStartMs),
        deliveryEndMs: Math.round(timing.deliveryEndMs),
      });
    }
    const open = rounds.map((r) => r.openMs).sort((a, b) => a - b);
    const median = (key: 'domContentLoadedMs' | 'deliveryStartMs' | 'deliveryEndMs') =>
      rounds.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(rounds.length / 2)];
    const figures = {
      steps: seeded.modelSteps,
      events: EVENTS,
      spans: rounds[0].spans,
      rounds: rounds.length,
      openMedianMs: open[Math.floor(open.length / 2)],
      openMinMs: open[0],
      openMaxMs: open[open.length - 1],
      domContentLoadedMedianMs: median('domContentLoadedMs'),
      deliveryStartMedianMs: median('deliveryStartMs'),
      deliveryEndMedianMs: median('deliveryEndMs'),
      deliveryRequests: rounds[0].requests,
      // Two cores shared with other work: the same build opens faster or slower with the machine's load.
      loadAverage: os.loadavg().map((l) => Math.round(l * 10) / 10),
      targetMs: 1500,
      note: 'navigation start → first frame with every event folded (replay bar total), the run end and every span in the timeline; delivery = the log (events.ndjson) and event stream requests; a second app process on its own database',
    };
    console.log(
      `[bench] open a ${seeded.modelSteps.toLocaleString('en-US')}-step (${EVENTS.toLocaleString('en-US')}-event) trace in the browser: ${JSON.stringify(figures)}`,
    );
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    writeFileSync(path.join(ARTIFACTS_DIR, 'open-big-trace.json'), `${JSON.stringify(figures, null, 2)}\n`);
    await testInfo.attach('open-big-trace', {
      body: JSON.stringify(figures, null, 2),
      contentType: 'application/json',
    });
    expect(seeded.modelSteps).toBeGreaterThanOrEqual(STEPS);
    for (const round of rounds) expect(round.spans).toBe(expectedSpans);
  } finally {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGTERM');
      // A server busy in a long synchronous fold finishes it before its SIGTERM handler runs: don't leave it behind.
      if ((await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 5_000))])) === 'timeout')
        server.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  }
});
