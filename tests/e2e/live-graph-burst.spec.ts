import { foldGraph } from '@/lib/trace/projections/graph';
import { test, expect } from './fixtures';
import { RunPane } from './pages/run-page';
import { keepScreenshot } from '../support/e2e/screenshots';
import { streamLongCheckout } from '../support/e2e/stand-in-stream';

/**
 * Events by the hundred (issue 18, a live graph that keeps up): a real checkout's events repeated
 * to 1,000 (support/stand-in-stream.ts) arrive at the run page in bursts. The test checks behaviour
 * only: frame after frame the graph's edge count never drops (no relayout that takes edges away and
 * brings them back), and once the run is in, every node and edge of its final graph is drawn. The
 * bench in live-latency.spec.ts prints commit → paint for one burst of all 1,000 events.
 */

const EVENTS = 1000;

interface GraphFrames {
  /** Edges and nodes drawn, sampled once per animation frame. */
  edges: number[];
  nodes: number[];
  /** Edge elements taken out of the page (a relayout or remount would take them all). */
  edgesRemoved: number;
}

declare global {
  interface Window {
    __acoGraphFrames?: GraphFrames;
  }
}

test('during a burst of 1,000 events the graph only grows, and ends with every node and edge of the trace drawn', async ({
  page,
  request,
}, testInfo) => {
  test.setTimeout(360_000);
  // A hundred events at a time: the page sees them by the hundred, and each burst lands in a frame or two.
  const { runId, log } = await streamLongCheckout(page, request, EVENTS, { paceMs: 30, perTick: 100 });
  await page.addInitScript(() => {
    const frames: GraphFrames = { edges: [], nodes: [], edgesRemoved: 0 };
    window.__acoGraphFrames = frames;
    const sample = () => {
      const graph = document.querySelector('[data-testid="run-pane-a"] [data-testid="agent-graph"]');
      if (graph) {
        frames.edges.push(graph.querySelectorAll('.react-flow__edge').length);
        frames.nodes.push(graph.querySelectorAll('.react-flow__node').length);
      }
      requestAnimationFrame(sample);
    };
    requestAnimationFrame(sample);
    new MutationObserver((records) => {
      for (const r of records)
        for (const n of r.removedNodes)
          if (n instanceof Element && n.matches('.react-flow__edge')) frames.edgesRemoved += 1;
    }).observe(document, { childList: true, subtree: true });
  });

  await page.goto(`/runs/${runId}`);
  const pane = new RunPane(page);
  // Mid-burst, for the eye.
  await expect
    .poll(() => page.evaluate(() => window.__acoStandIn?.streamed ?? 0), { timeout: 300_000 })
    .toBeGreaterThanOrEqual(300);
  await keepScreenshot(page, testInfo, 'graph-burst-during-1440');
  await expect(page.getByTestId('replay-bar')).toHaveAttribute('data-total', String(EVENTS), { timeout: 300_000 });
  await expect(pane.header).toHaveAttribute('data-status', 'succeeded');

  const expected = foldGraph(log);
  const drawn = async (selector: string) =>
    (
      await pane.root
        .locator(`[data-testid="agent-graph"] ${selector}`)
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-id')))
    ).sort();
  await expect.poll(() => drawn('.react-flow__node')).toEqual([...expected.nodeOrder].sort());
  await expect.poll(() => drawn('.react-flow__edge')).toEqual([...expected.edgeOrder].sort());

  const frames = await page.evaluate(() => window.__acoGraphFrames!);
  const drops = frames.edges.flatMap((n, i) =>
    i > 0 && n < frames.edges[i - 1] ? [`${frames.edges[i - 1]} → ${n} at frame ${i}`] : [],
  );
  expect(drops, `frames where the edge count went down (edges per frame: ${frames.edges.join(' ')})`).toEqual([]);
  expect(
    frames.nodes.every((n, i) => i === 0 || n >= frames.nodes[i - 1]),
    'the node count never goes down',
  ).toBe(true);
  expect(frames.edgesRemoved, 'edge elements removed from the page while the run streamed').toBe(0);
  await keepScreenshot(page, testInfo, 'graph-burst-1440');

  // The legend sits outside the flow: it covers no node.
  const legend = (await pane.root.getByTestId('graph-legend').boundingBox())!;
  for (const box of await pane.root
    .locator('[data-testid="agent-graph"] .react-flow__node')
    .evaluateAll((els) =>
      els.map((e) => e.getBoundingClientRect().toJSON() as { x: number; y: number; width: number; height: number }),
    )) {
    const apart =
      box.x + box.width <= legend.x ||
      legend.x + legend.width <= box.x ||
      box.y + box.height <= legend.y ||
      legend.y + legend.height <= box.y;
    expect(apart, `a node at ${JSON.stringify(box)} under the legend at ${JSON.stringify(legend)}`).toBe(true);
  }
  await page.setViewportSize({ width: 390, height: 844 });
  await keepScreenshot(page, testInfo, 'graph-burst-390');
});
