import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test, expect } from './fixtures';
import { RunPane } from './pages/run-page';
import { ARTIFACTS_DIR, keepScreenshot } from '../support/e2e/screenshots';
import { streamLongCheckout } from '../support/e2e/stand-in-stream';

/**
 * A 500-event run streaming into its page moves nothing on it (issue 7: no layout shift when
 * events stream in; a 500-event run stays smooth). The run is a real checkout's events, its agent
 * work repeated with fresh span ids to 500 events (as scripts/bench/seed-big-run.ts does), sent to
 * the page 4 ms apart through the stand-in EventSource of support/stand-in-stream.ts.
 *
 * Asserts: the layout-shift sum over the page while events arrive (from the log's first byte to the
 * run's end) stays under 0.005 (no block moves; see below); every event is folded. Prints every shift with its rects, the long-task count and total (the frames that took over 50 ms), never asserted.
 */

const EVENTS = 500;
const PACE_MS = 4;

test('a 500-event run streams in without moving the page (long tasks printed)', async ({ page, request }, testInfo) => {
  // A busy machine folds and paints a few events a second, not 250 (the pace is the stand-in's, not a deadline).
  test.setTimeout(360_000);
  // Recorded so far: only the run's start. Everything else arrives over the stream.
  const { runId } = await streamLongCheckout(page, request, EVENTS, { paceMs: PACE_MS });
  await page.addInitScript(() => {
    const shifts = { sum: 0, count: 0, entries: [] as { at: number; value: number; moved: string[] }[] };
    const longTasks = { count: 0, totalMs: 0 };
    const w = window as unknown as { __acoStability: { shifts: typeof shifts; longTasks: typeof longTasks } };
    w.__acoStability = { shifts, longTasks };
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & {
        value: number;
        hadRecentInput: boolean;
        sources?: { node?: Node | null; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }[];
      })[]) {
        if (entry.hadRecentInput) continue;
        shifts.sum += entry.value;
        shifts.count += 1;
        // What moved, for the failure message: the element's test id (or tag and class) and the nearest test id above it.
        const moved = (entry.sources ?? []).map(({ node, previousRect: was, currentRect: now }) => {
          const el = node instanceof Element ? node : node?.parentElement;
          if (!el) return '?';
          const owner = el.closest('[data-testid]');
          // Which way and how far, so a failure says what to look for.
          const by = `x ${Math.round(was.x)}→${Math.round(now.x)}, y ${Math.round(was.y)}→${Math.round(now.y)}, w ${Math.round(was.width)}→${Math.round(now.width)}, h ${Math.round(was.height)}→${Math.round(now.height)}`;
          return `${el.tagName.toLowerCase()}.${String(el.className).slice(0, 40)} in ${owner?.getAttribute('data-testid') ?? 'page'} (${by})`;
        });
        shifts.entries.push({ at: entry.startTime, value: entry.value, moved });
      }
    }).observe({ type: 'layout-shift', buffered: true });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        longTasks.count += 1;
        longTasks.totalMs += entry.duration;
      }
    }).observe({ type: 'longtask', buffered: true });
  });

  await page.goto(`/runs/${runId}`);
  const pane = new RunPane(page);
  // Every event folded (the header alone would show the run row's status before any event is in).
  await expect(page.getByTestId('replay-bar')).toHaveAttribute('data-total', String(EVENTS), { timeout: 300_000 });
  await expect(pane.header).toHaveAttribute('data-status', 'succeeded');
  const result = await page.evaluate(() => {
    const stability = (
      window as unknown as {
        __acoStability: {
          shifts: { sum: number; count: number; entries: { at: number; value: number; moved: string[] }[] };
          longTasks: { count: number; totalMs: number };
        };
      }
    ).__acoStability;
    // Events arrive from the log's first byte on (the run's start), then over the stream.
    const log = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find((r) =>
      r.name.includes('/events.ndjson'),
    );
    const from = log?.responseStart ?? 0;
    const whileArriving = stability.shifts.entries.filter((e) => e.at >= from);
    return {
      ...stability,
      streamed: window.__acoStandIn?.streamed ?? 0,
      arrivingFrom: from,
      whileArriving: {
        sum: whileArriving.reduce((a, e) => a + e.value, 0),
        count: whileArriving.length,
        moved: whileArriving.flatMap((e) => e.moved),
      },
    };
  });
  await keepScreenshot(page, testInfo, 'run-streamed-500');

  const figures = {
    events: EVENTS,
    streamed: result.streamed,
    paceMs: PACE_MS,
    layoutShiftSumWhileArriving: result.whileArriving.sum,
    layoutShiftsWhileArriving: result.whileArriving.count,
    movedWhileArriving: result.whileArriving.moved,
    // From navigation, the page's own load included (web fonts swapping in, before any event).
    layoutShiftSumFromNavigation: result.shifts.sum,
    longTasks: result.longTasks.count,
    longTaskTotalMs: Math.round(result.longTasks.totalMs),
    note: 'while arriving = from the first byte of the log to the run end; long tasks are main-thread tasks over 50 ms from navigation (printed, not asserted)',
  };
  console.log(`[bench] a ${EVENTS}-event run streaming in: ${JSON.stringify(figures)}`);
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  writeFileSync(path.join(ARTIFACTS_DIR, 'stream-stability.json'), `${JSON.stringify(figures, null, 2)}\n`);
  await testInfo.attach('stream-stability', {
    body: JSON.stringify(figures, null, 2),
    contentType: 'application/json',
  });

  expect(result.streamed).toBe(EVENTS - 1);
  // The page's blocks do not move: a shift score of 0.005 is a 1,400 × 600 px block moving about 7 px, and
  // what streaming used to cause (fonts swapping in, the header growing, timeline rows jumping) scored
  // 0.02–0.3. One small control moving scores far less, however far it goes (0.0004–0.001): on a loaded
  // machine Chromium has reported such a move at the run's end (the replay counter by a pixel; the
  // right-aligned "Two checkouts" button from half off-screen), printed above with its rects, not failed.
  expect(
    result.whileArriving.sum,
    `layout shifts while events arrived: ${result.whileArriving.count} (moved: ${result.whileArriving.moved.join('; ')})`,
  ).toBeLessThan(0.005);
});
