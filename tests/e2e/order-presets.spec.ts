import { test, expect } from './fixtures';
import { RunPane } from './pages/run-page';
import { StorePage } from './pages/store-page';
import { keepScreenshot } from '../support/e2e/screenshots';

test("a fault preset picked on the order form is that order's own: the rules in force stay empty", async ({
  page,
  request,
}, testInfo) => {
  const store = new StorePage(page);
  await store.goto({ customer: 'cus_grace', cart: { 'MS-002': 1 } });
  await expect(store.activeRules.getByTestId('no-active-rules')).toBeVisible();
  await page.getByTestId('order-preset').selectOption('decline-primary-cards');
  await store.placeOrder();
  const first = new RunPane(page);
  expect(await first.waitForEnd()).toBe('succeeded');
  expect(await first.injectedCount()).toBe(1);
  await expect(first.node('agent:PaymentAgent')).toHaveAttribute('data-status', 'recovered');
  await expect(first.node('agent:PaymentAgent')).toHaveAttribute('data-failed', '1');
  await keepScreenshot(page, testInfo, 'order-preset-run');

  // Nothing was added to the store's rules…
  const { rules } = (await (await request.get('/api/faults')).json()) as { rules: unknown[] };
  expect(rules).toEqual([]);
  // …so the same order without the preset meets no fault.
  await store.goto({ customer: 'cus_grace', cart: { 'MS-002': 1 } });
  await expect(store.activeRules.getByTestId('no-active-rules')).toBeVisible();
  await store.placeOrder();
  const second = new RunPane(page);
  expect(await second.waitForEnd()).toBe('succeeded');
  expect(await second.injectedCount()).toBe(0);
});
