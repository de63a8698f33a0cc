import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { ChaosPage } from './pages/chaos-page';
import { keepScreenshot } from '../support/e2e/screenshots';

test('chaos scorecard: run one from /chaos, see it pending, then per fault kind for agents and orchestrator, kept over time', async ({
  page,
}, testInfo) => {
  // Twelve order-trials in throw-away stores.
  test.setTimeout(360_000);
  const chaos = new ChaosPage(page);
  await chaos.goto();
  const panel = page.getByTestId('scorecard-panel');
  await expect(panel).toBeVisible();
  const before = await panel.getByTestId('scorecard-row').count();

  // Checked before it is sent, naming the field.
  await panel.getByTestId('scorecard-orders').fill('51');
  await panel.getByTestId('scorecard-run').click();
  await expect(panel.getByTestId('field-error')).toContainText('1 to 50');

  // The server's answer is held back until the test has seen the pending state: a scorecard may be
  // done before the page is looked at (fast machine) or long after (busy one); the hold makes it neither.
  const answer = await holdScorecardAnswer(page);
  await panel.getByTestId('scorecard-orders').fill('3');
  await panel.getByTestId('scorecard-seed').fill('7');
  await panel.getByTestId('scorecard-k').fill('2');
  await panel.getByTestId('scorecard-run').click();
  await expect(panel.getByTestId('scorecard-pending')).toBeVisible();
  await expect(panel.getByTestId('scorecard-run')).toBeDisabled();
  // Real progress with a time estimate, whatever stage it is at when looked at...
  await expect(panel.getByTestId('scorecard-eta-eta')).toHaveText(
    /so far · (estimating time left…|about .+ left)|done in/,
  );
  // ...and, with the answer held, it reaches its end: every order-trial counted, the time it took.
  await expect(panel.getByTestId('scorecard-eta-count')).toHaveText(/^12\/12 order-trials/, { timeout: 300_000 });
  await expect(panel.getByTestId('scorecard-eta-eta')).toContainText('done in');
  await expect(panel.getByRole('progressbar', { name: 'Scorecard' })).toHaveAttribute('aria-valuenow', '100');
  await keepScreenshot(page, testInfo, 'chaos-scorecard-progress');
  answer.release();

  const detail = panel.getByTestId('scorecard-detail');
  await expect(detail).toBeVisible({ timeout: 300_000 });
  await expect(panel.getByTestId('scorecard-pending')).toHaveCount(0);
  await expect(panel.getByTestId('scorecard-row')).toHaveCount(before + 1);
  const reportId = (await detail.getAttribute('data-report-id')) ?? '';
  expect(new URL(page.url()).searchParams.get('scorecard')).toBe(reportId);

  // Every kind has a share per mode; the totals row counts the 3 orders for both.
  const all = detail.locator('[data-testid="scorecard-kind"][data-kind="all orders"]');
  await expect(all.locator('td').nth(1)).toHaveText('3');
  for (const mode of ['agents', 'orchestrator']) {
    await expect(all.locator(`td[data-mode="${mode}"][data-measure="passK"]`)).toHaveText(/^\d+%$/);
  }
  expect(await detail.getByTestId('scorecard-kind').count()).toBeGreaterThan(1);
  // It leads with a chart: per fault kind, a bar per mode, and pass^k said in plain words.
  const chart = panel.getByTestId('scorecard-chart');
  await expect(chart).toHaveAttribute('data-report-id', reportId);
  await expect(chart.locator('[data-testid="scorecard-bar"][data-kind="all orders"]')).toHaveCount(2);
  expect(await chart.getByTestId('scorecard-bar').count()).toBe(
    2 * (await detail.getByTestId('scorecard-kind').count()),
  );
  await expect(chart.getByTestId('pass-k-explained')).toContainText('all 2 of those runs ended correctly');
  const chartBox = (await chart.boundingBox())!;
  const tableBox = (await panel.getByTestId('scorecard-history').boundingBox())!;
  expect(chartBox.y, 'the chart comes before the table').toBeLessThan(tableBox.y);
  await keepScreenshot(page, testInfo, 'chaos-scorecard');
  await page.setViewportSize({ width: 390, height: 844 });
  await keepScreenshot(page, testInfo, 'chaos-scorecard-390');
  await page.setViewportSize({ width: 1440, height: 900 });

  // The report is kept: it opens from a link.
  await page.goto(`/chaos?scorecard=${reportId}`);
  await expect(page.getByTestId('scorecard-detail')).toHaveAttribute('data-report-id', reportId);
});

/**
 * Holds the answer to the page's POST /api/chaos/scorecards: the request goes to the server at once
 * and is worked on as usual; only its answer waits for release() before it reaches the page.
 */
async function holdScorecardAnswer(page: Page): Promise<{ release(): void }> {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/chaos/scorecards', async (route) => {
    if (route.request().method() !== 'POST') return route.fallback();
    const response = await route.fetch({ timeout: 300_000 });
    await released;
    await route.fulfill({ response });
  });
  return { release };
}
