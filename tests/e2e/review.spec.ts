import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { ComparePage } from './pages/compare-page';
import { HistoryPage } from './pages/history-page';
import { ReviewBar, RunPane } from './pages/run-page';
import { keepScreenshot } from '../support/e2e/screenshots';
import { modelStepSeq, placeAndFinish } from '../support/e2e/orders';

test('history: a fault-kind filter and free text find the right runs, kept in the URL; new runs appear live', async ({
  page,
  request,
}, testInfo) => {
  // Three checkouts, one after another.
  test.slow();
  const [declined] = await placeAndFinish(request, { customerId: 'cus_grace', faultPreset: 'decline-primary-cards' });
  // The preset stays in force once applied: take it away so the next order meets no fault.
  expect((await request.delete('/api/faults')).ok()).toBe(true);
  const [plain] = await placeAndFinish(request, { customerId: 'cus_alan' });

  const history = new HistoryPage(page);
  await history.goto();
  await expect(history.row(declined.runId)).toBeVisible();
  await expect(history.row(plain.runId)).toBeVisible();

  // Filter: runs in which a decline was injected.
  await history.pick('faultKind', 'decline');
  await expect(history.row(declined.runId)).toBeVisible();
  await expect(history.row(plain.runId)).toHaveCount(0);
  for (const id of await history.runIds()) {
    await expect(history.row(id).getByText('⚡decline')).toBeVisible();
  }

  // Free text over tool payloads: Grace's card id is in her run's tool inputs, not in Alan's.
  await history.clear('faultKind');
  await history.searchFor('pm_grace_visa');
  await expect(history.row(declined.runId)).toBeVisible();
  await expect(history.row(plain.runId)).toHaveCount(0);
  for (const id of await history.runIds()) await expect(history.row(id)).toContainText('Grace Hopper');
  // Each run says where it matched: a snippet with the words marked, and on demand every matching step, each a link to it.
  const match = page.locator(`[data-testid="run-match-row"][data-run-id-matched="${declined.runId}"]`);
  await expect(match.getByTestId('match-snippet').first().locator('mark').first()).toHaveText(/^pm.grace.visa$/i);
  expect(Number(await match.getByTestId('search-match').getAttribute('data-total'))).toBeGreaterThan(1);
  await match.getByTestId('match-toggle').click();
  await expect(match.getByTestId('match-steps').getByTestId('match-step').first()).toHaveAttribute(
    'href',
    new RegExp(`/runs/${declined.runId}\\?at=\\d+$`),
  );
  await keepScreenshot(page, testInfo, 'history-search-snippets');
  await page.setViewportSize({ width: 390, height: 844 });
  await keepScreenshot(page, testInfo, 'history-search-snippets-390');
  await page.setViewportSize({ width: 1440, height: 900 });

  // Together, and the URL is a link to this view.
  await history.pick('faultKind', 'decline');
  expect(new URL(page.url()).searchParams.get('q')).toBe('pm_grace_visa');
  await page.reload();
  await expect(history.search).toHaveValue('pm_grace_visa');
  await expect(page.getByTestId('filter-faultKind')).toHaveValue('decline');
  await expect(history.row(declined.runId)).toBeVisible();
  await expect(history.row(plain.runId)).toHaveCount(0);
  await keepScreenshot(page, testInfo, 'history-search');

  // Sorting by a column header: the same order as the API gives, kept in the URL; a second click turns it round.
  await history.goto();
  await page.getByTestId('sort-duration').click();
  await expect(page).toHaveURL(/[?&]sort=duration/);
  await history.settled();
  const byDuration = (await (await request.get('/api/runs?sort=duration')).json()) as { runs: { id: string }[] };
  expect(await history.runIds()).toEqual(byDuration.runs.map((r) => r.id));
  await page.getByTestId('sort-duration').click();
  await expect(page).toHaveURL(/[?&]order=asc/);

  // Live: an order placed elsewhere shows up on the open list.
  await history.goto();
  const [fresh] = await placeAndFinish(request, { customerId: 'cus_edsger' });
  await expect(history.row(fresh.runId)).toBeVisible();
  await expect(history.row(fresh.runId)).toHaveAttribute('data-status', 'succeeded');
  await expect(history.rows.first()).toHaveAttribute('data-run-id', fresh.runId);
});

test('replay: scrubbing moves the graph, timeline and inspector through the run, keys step, the position is a link', async ({
  page,
  request,
}, testInfo) => {
  // A checkout, then the replay played in real time.
  test.slow();
  const [run] = await placeAndFinish(request, { customerId: 'cus_ada', faultPreset: 'decline-primary-cards' });
  await page.goto(`/runs/${run.runId}`);
  const pane = new RunPane(page);
  const review = new ReviewBar(page);
  await pane.waitForEnd();
  await review.ready();
  const total = await review.total();
  const rowsAtEnd = await pane.root.getByTestId('timeline-count').innerText();
  await expect(pane.node('agent:PaymentAgent')).toBeVisible();

  // Early in the run: only the CheckoutAgent has started; the timeline holds a few spans.
  await review.scrubTo(4);
  await expect(pane.root.getByTestId('timeline-count')).not.toHaveText(rowsAtEnd);
  const early = Number((await pane.root.getByTestId('timeline-count').innerText()).split(' ')[0]);
  expect(early).toBeLessThan(Number(rowsAtEnd.split(' ')[0]));
  await expect(pane.node('agent:CheckoutAgent')).toBeVisible();
  await expect(pane.node('agent:PaymentAgent')).toHaveCount(0);
  await expect(pane.header).toHaveAttribute('data-status', 'running');
  await expect(page).toHaveURL(/[?&]at=4\b/);
  // The inspector follows the current event's span.
  await expect(page.getByTestId('inspector-span')).toBeVisible();

  // → steps one event, ← back; the graph grows as the run goes on.
  await page.keyboard.press('ArrowRight');
  await expect(review.replay).toHaveAttribute('data-position', '5');
  await page.keyboard.press('ArrowLeft');
  await expect(review.replay).toHaveAttribute('data-position', '4');
  const middle = Math.floor(total * 0.6);
  await review.scrubTo(middle);
  await expect(pane.node('agent:PaymentAgent')).toBeVisible();
  await keepScreenshot(page, testInfo, 'replay-scrubbed');

  // Space plays: the position moves on by itself; space again pauses. The keys go to the page, not
  // to a control that has the focus (space on a button or checkbox is that control's own).
  await blurControls(page);
  await page.keyboard.press(' ');
  await expect(review.replay).toHaveAttribute('data-playing', 'true');
  await expect.poll(() => review.position()).toBeGreaterThan(middle + 1);
  await blurControls(page);
  await page.keyboard.press(' ');
  await expect(review.replay).toHaveAttribute('data-playing', 'false');

  // A deep link opens at its position.
  await page.goto(`/runs/${run.runId}?at=4`);
  await review.ready();
  await expect(review.replay).toHaveAttribute('data-position', '4');
  await expect(pane.node('agent:PaymentAgent')).toHaveCount(0);
  // The end shows the whole run again.
  await review.scrubTo(total);
  await expect(pane.root.getByTestId('timeline-count')).toHaveText(rowsAtEnd);
  await expect(page).not.toHaveURL(/[?&]at=/);
});

test('re-run gives an identical trace; the run downloads as JSON and OTLP', async ({ page, request }, testInfo) => {
  // A checkout, then its re-run in a sandbox.
  test.slow();
  const [run] = await placeAndFinish(request, { customerId: 'cus_barbara' });
  await page.goto(`/runs/${run.runId}`);
  const review = new ReviewBar(page);
  await review.ready();
  await review.rerun.click();
  await expect(review.outcome).toHaveAttribute('data-identical', 'true', { timeout: 150_000 });
  await expect(review.outcome.getByTestId('replay-identical')).toBeVisible();
  const child = (await review.outcome.getAttribute('data-run-id')) ?? '';
  await expect(page.getByTestId('lineage-children')).toContainText('1 re-run');
  await keepScreenshot(page, testInfo, 'rerun-identical');

  // The run downloads as its event log and as OTLP/JSON traces.
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  expect(json.suggestedFilename()).toBe(`run-${run.runId}.events.json`);
  const log = JSON.parse(readFileSync(await json.path(), 'utf8')) as { events: { seq: number }[] };
  expect(log.events.length).toBe(await review.total());
  const [otlp] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-otlp').click()]);
  expect(otlp.suggestedFilename()).toBe(`run-${run.runId}.otlp.json`);
  const traces = JSON.parse(readFileSync(await otlp.path(), 'utf8')) as {
    resourceSpans: { scopeSpans: { spans: unknown[] }[] }[];
  };
  expect(traces.resourceSpans[0].scopeSpans[0].spans.length).toBeGreaterThan(0);

  // The compare link says the same.
  await review.outcome.getByTestId('replay-compare').click();
  await expect(page).toHaveURL(new RegExp(`/compare\\?a=${run.runId}&b=${child}`));
  await expect(page.getByTestId('compare-identical')).toBeVisible();
});

test('fork: an edited model reply produces a linked run that diverges exactly there, and compare shows it', async ({
  page,
  request,
}, testInfo) => {
  // A checkout, then its fork in a sandbox.
  test.slow();
  const [run] = await placeAndFinish(request, { customerId: 'cus_edsger' });
  const atSeq = await modelStepSeq(request, run.runId, 'CheckoutAgent', 1);
  await page.goto(`/runs/${run.runId}?at=${atSeq}`);
  const review = new ReviewBar(page);
  await review.ready();
  // The replay stands on the model step: the fork starts there.
  await review.forkOpen.click();
  await expect(page.getByTestId('fork-step')).toHaveValue(String(atSeq));
  // A fresh fork changes the fault rules; editing the reply is a choice.
  await expect(page.getByTestId('fork-change-faults')).toBeChecked();
  await page.getByTestId('fork-change-reply').check();
  // The edited reply ends the checkout the protocol's way, through finish_checkout (prose alone would be nudged, and the planner would carry on).
  await page.getByTestId('fork-reply-text').fill('I cannot go on with this order.');
  await page
    .getByTestId('fork-reply-calls')
    .fill(
      JSON.stringify([
        { toolName: 'finish_checkout', input: { orderStatus: 'failed', reason: 'I cannot go on with this order.' } },
      ]),
    );
  await keepScreenshot(page, testInfo, 'fork-form');
  await page.getByTestId('fork-submit').click();
  await expect(review.outcome).toHaveAttribute('data-kind', 'fork', { timeout: 150_000 });
  await expect(review.outcome).toHaveAttribute('data-identical', 'false');
  await expect(review.outcome.getByTestId('replay-divergence')).toContainText(`#${atSeq} / #${atSeq}`);
  const forkId = (await review.outcome.getAttribute('data-run-id')) ?? '';

  // The new run links back to its parent.
  await review.outcome.getByTestId('replay-outcome-run').click();
  await expect(page).toHaveURL(new RegExp(`/runs/${forkId}`));
  await expect(page.getByTestId('lineage-parent')).toHaveAttribute('data-run-id', run.runId);
  await expect(page.getByTestId('lineage-parent')).toContainText(`fork @${atSeq}`);
  // Its order is the one it recorded in its sandbox (it failed there), not the parent's live order (placed).
  await expect(page.getByTestId('order-state')).toHaveAttribute('data-sandbox', 'true');
  await expect(page.getByTestId('order-status')).toHaveText('failed');
  await keepScreenshot(page, testInfo, 'fork-run');

  // Compare: the first divergence is the forked step, marked and in view; the graph diff is there.
  const compare = new ComparePage(page);
  await compare.goto(run.runId, forkId);
  await expect(page.getByTestId('compare-divergence')).toContainText(`A #${atSeq} / B #${atSeq}`);
  await expect(compare.firstDivergence).toBeInViewport();
  await expect(compare.firstDivergence).toHaveAttribute('data-kind', 'changed');
  await expect(compare.details).toHaveAttribute(
    'data-row',
    (await compare.firstDivergence.getAttribute('data-row')) ?? '',
  );
  await expect(page.getByTestId('compare-paths')).toContainText('data.text');
  await expect(page.getByTestId('graph-diff-counts')).toBeVisible();
  expect(await page.getByTestId('graph-diff-edge').count()).toBeGreaterThan(0);
  await keepScreenshot(page, testInfo, 'compare-fork');

  // n/p walk the differences; the history lists the fork under its parent.
  await page.keyboard.press('n');
  await expect(compare.details).not.toHaveAttribute(
    'data-row',
    (await compare.firstDivergence.getAttribute('data-row')) ?? '',
  );
  const history = new HistoryPage(page);
  await history.goto(`parentRunId=${run.runId}`);
  await expect(history.row(forkId)).toBeVisible();
  await expect(history.row(forkId).getByTestId('run-parent')).toContainText(`fork @${atSeq}`);
});

test('fork under other fault rules: the parent’s rules plus one added by hand (the backup card declines too)', async ({
  page,
  request,
}, testInfo) => {
  // A checkout, then its fork in a sandbox.
  test.slow();
  expect((await request.delete('/api/faults')).ok()).toBe(true);
  // Grace's primary card declines on its own: her run goes on to the backup card.
  const [run] = await placeAndFinish(request, { customerId: 'cus_grace' });
  const { events } = (await (await request.get(`/api/runs/${run.runId}/events.json`)).json()) as {
    events: { seq: number; type: string; data: { toolName?: string; input?: unknown } }[];
  };
  const backupCall = events.find(
    (e) =>
      e.type === 'tool.call' &&
      e.data.toolName === 'payment_authorize' &&
      JSON.stringify(e.data.input).includes('pm_grace_mc'),
  )!;
  const atSeq = events.filter((e) => e.type === 'model.step' && e.seq < backupCall.seq).at(-1)!.seq;
  await page.goto(`/runs/${run.runId}?at=${atSeq}`);
  const review = new ReviewBar(page);
  await review.ready();
  await review.forkOpen.click();
  await expect(page.getByTestId('fork-step')).toHaveValue(String(atSeq));
  await page.getByTestId('fork-change-faults').check();
  await page.getByTestId('fork-faults').selectOption('parent');
  const rules = page.getByTestId('fork-rules');
  await expect(rules.getByTestId('no-rules')).toBeVisible();
  await rules.getByTestId('fork-rule-add').click();
  const editor = rules.getByTestId('rule-editor');
  await editor.getByTestId('rule-name').fill('backup declines too');
  await editor.getByTestId('rule-service').selectOption('payment');
  await editor.getByTestId('rule-kind').selectOption('decline');
  await editor.getByTestId('rule-operation').selectOption('authorize');
  await editor.getByTestId('rule-card-role').selectOption('backup');
  await editor.getByTestId('rule-save').click();
  await expect(rules.getByTestId('rule-row')).toHaveCount(1);
  await expect(rules.getByTestId('rule-row')).toHaveAttribute('data-rule-name', 'backup declines too');
  await keepScreenshot(page, testInfo, 'fork-rules');

  await page.getByTestId('fork-submit').click();
  await expect(review.outcome).toHaveAttribute('data-kind', 'fork', { timeout: 150_000 });
  // It parts from the parent right after the backup authorization call: the decline injected where the parent had the result.
  await expect(review.outcome.getByTestId('replay-divergence')).toContainText(`at — / #${backupCall.seq + 1}`);
  await review.outcome.getByTestId('replay-outcome-run').click();
  await expect(page.getByTestId('order-status')).toHaveText('failed');
  // The live rules were not touched.
  expect(((await (await request.get('/api/faults')).json()) as { rules: unknown[] }).rules).toEqual([]);
  await keepScreenshot(page, testInfo, 'fork-rules-run');

  // Compared with its parent, it leads with the first change in behaviour (the backup's authorize failed), not with the rule that fired.
  const forkId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
  const compare = new ComparePage(page);
  await compare.goto(run.runId, forkId);
  await expect(page.getByTestId('compare-divergence')).toHaveAttribute('data-behavioural', 'true');
  await expect(compare.firstDivergence).toBeInViewport();
  await expect(compare.firstDivergence).not.toHaveAttribute('data-bookkeeping', 'true');
  const behavioural = Number(await compare.firstDivergence.getAttribute('data-row'));
  await keepScreenshot(page, testInfo, 'compare-behaviour');
  // Bookkeeping too: the injected fault's row, earlier, is the first divergence then; its mark leaves B's label clear.
  await page.getByTestId('compare-bookkeeping').check();
  await expect(page.getByTestId('compare-divergence')).toHaveAttribute('data-behavioural', 'false');
  await expect(compare.firstDivergence).toHaveAttribute('data-bookkeeping', 'true');
  expect(Number(await compare.firstDivergence.getAttribute('data-row'))).toBeLessThan(behavioural);
  await expect(compare.firstDivergence).toBeInViewport();
  const mark = (await compare.firstDivergence.getByTestId('first-divergence-mark').boundingBox())!;
  const labelB = (await compare.firstDivergence.locator(':scope > div').nth(1).locator('span').last().boundingBox())!;
  expect(labelB.x + labelB.width, 'B label ends before the first-divergence mark').toBeLessThanOrEqual(mark.x);
  await keepScreenshot(page, testInfo, 'compare-bookkeeping');
  await page.setViewportSize({ width: 390, height: 844 });
  await keepScreenshot(page, testInfo, 'compare-bookkeeping-390');
});

test('two checkouts link to a step-by-step comparison of the two runs', async ({ page, request }) => {
  const runs = await placeAndFinish(request, { customerId: 'cus_ada', mode: 'both' });
  const agents = runs.find((r) => r.mode === 'agents')!;
  const orchestrator = runs.find((r) => r.mode === 'orchestrator')!;
  await page.goto(`/runs/${agents.runId}?compare=${orchestrator.runId}`);
  await page.getByTestId('compare-link').click();
  await expect(page).toHaveURL(new RegExp(`/compare\\?a=${agents.runId}&b=${orchestrator.runId}`));
  await expect(page.getByTestId('compare-divergence')).toBeVisible();
  await expect(new ComparePage(page).firstDivergence).toBeInViewport();
});

/** Takes the focus off whatever control has it, to the page itself. */
async function blurControls(page: Page): Promise<void> {
  await page.evaluate(() =>
    document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined,
  );
  await expect.poll(() => page.evaluate(() => document.activeElement === document.body)).toBe(true);
}
