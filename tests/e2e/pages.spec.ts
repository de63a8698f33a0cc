import { test, expect } from './fixtures';
import { RunPane } from './pages/run-page';
import { StorePage } from './pages/store-page';
import { keepScreenshot } from '../support/e2e/screenshots';

test('the outbox lists the messages sent, newest first, and filters by order', async ({ page, request }, testInfo) => {
  const store = new StorePage(page);
  await store.goto({ customer: 'cus_alan', cart: { 'ST-013': 1 } });
  await store.placeOrder();
  await new RunPane(page).waitForEnd();
  const outboxLink = page.getByRole('link', { name: 'open in the outbox →' });
  await expect(outboxLink).toBeVisible();
  const orderId = new URL((await outboxLink.getAttribute('href')) ?? '', 'http://x').searchParams.get('order') ?? '';

  await page.goto('/outbox');
  await expect(page.getByTestId('outbox-message').first()).toBeVisible();
  const all = await (await request.get('/api/notifications')).json();
  const times = all.notifications.map((n: { createdAt: string }) => n.createdAt);
  expect([...times].sort().reverse()).toEqual(times);

  await page.getByTestId('outbox-filter').fill(orderId);
  await page.getByTestId('outbox-filter').press('Enter');
  await expect(page).toHaveURL(new RegExp(`order=${orderId}`));
  const messages = page.getByTestId('outbox-message');
  await expect(messages.first()).toBeVisible();
  for (const id of await messages.evaluateAll((els) => els.map((e) => e.getAttribute('data-order-id'))))
    expect(id).toBe(orderId);
  await keepScreenshot(page, testInfo, 'outbox');
});

test('the runs list links to each run, and the run page works in dark mode', async ({ page }, testInfo) => {
  const store = new StorePage(page);
  await store.goto({ customer: 'cus_edsger', cart: { 'CB-010': 2 } });
  const runId = await store.placeOrder();
  await new RunPane(page).waitForEnd();

  await page.goto('/runs');
  const row = page.locator(`[data-testid="run-row"][data-run-id="${runId}"]`);
  await expect(row).toBeVisible();
  await keepScreenshot(page, testInfo, 'runs');
  await row.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/runs/${runId}`));

  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveClass(/dark/);
  const run = new RunPane(page);
  await run.waitForEnd();
  // Nodes open in the inspector too.
  await run.node('agent:CustomerAgent').click();
  await expect(page.getByTestId('inspector-node')).toBeVisible();
  await keepScreenshot(page, testInfo, 'run-dark');
  await page.getByTestId('theme-toggle').click();
});

test('an unknown run is a 404 page, not a crash', async ({ page }) => {
  const res = await page.goto('/runs/run_that_does_not_exist');
  expect(res?.status()).toBe(404);
});
