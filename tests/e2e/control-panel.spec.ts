import { test, expect } from './fixtures';
import { ChaosPage } from './pages/chaos-page';
import { RunPane } from './pages/run-page';
import { StorePage } from './pages/store-page';
import { keepScreenshot } from '../support/e2e/screenshots';

test('toggling a rule in the control panel takes effect on the next order', async ({ page }, testInfo) => {
  // Two checkouts and four page loads.
  test.slow();
  const chaos = new ChaosPage(page);
  await chaos.goto();
  await chaos.addPreset('decline-primary-cards');
  const rule = chaos.rule('Decline primary cards');
  await expect(rule).toHaveAttribute('data-enabled', 'true');
  await expect(chaos.hits('Decline primary cards')).toHaveText('0');

  // On: Ada's primary card is declined by the rule.
  const store = new StorePage(page);
  await store.goto({ customer: 'cus_ada', cart: { 'LP-009': 1 } });
  await store.placeOrder();
  const first = new RunPane(page);
  await first.waitForEnd();
  expect(await first.injectedCount()).toBeGreaterThanOrEqual(1);

  // The hit counter has counted it (the panel polls).
  await chaos.goto();
  await expect(chaos.hits('Decline primary cards')).not.toHaveText('0');
  const hitsBefore = await chaos.hits('Decline primary cards').innerText();

  // Off: the switch, the API and the store's banner all say so, and the next order meets no fault.
  await chaos.toggle('Decline primary cards');
  await expect(rule).toHaveAttribute('data-enabled', 'false');
  await keepScreenshot(page, testInfo, 'chaos');
  const api = await (await page.request.get('/api/faults')).json();
  expect(api.rules.find((r: { name: string }) => r.name === 'Decline primary cards').enabled).toBe(false);

  await store.goto({ customer: 'cus_ada', cart: { 'LP-009': 1 } });
  await expect(store.activeRules.getByTestId('no-active-rules')).toBeVisible();
  await store.placeOrder();
  const second = new RunPane(page);
  expect(await second.waitForEnd()).toBe('succeeded');
  expect(await second.injectedCount()).toBe(0);

  await chaos.goto();
  await expect(chaos.hits('Decline primary cards')).toHaveText(hitsBefore);
});

test('rules are created, edited and deleted from the panel, with errors named per field', async ({ page }) => {
  const chaos = new ChaosPage(page);
  await chaos.goto();
  await chaos.createRule({ name: 'Carrier down', service: 'shipping', kind: 'carrier_outage' });
  await expect(chaos.rule('Carrier down')).toContainText('shipping.*');

  // A probability out of range is refused in the form, naming the field.
  await chaos.rule('Carrier down').getByTestId('rule-edit').click();
  const editor = page.getByTestId('rule-editor');
  await editor.getByTestId('rule-trigger').selectOption('probability');
  await editor.getByTestId('rule-probability').fill('1.5');
  await editor.getByTestId('rule-save').click();
  await expect(editor.getByTestId('field-error')).toContainText('from 0 to 1');
  await editor.getByTestId('rule-probability').fill('0.25');
  await editor.getByTestId('rule-save').click();
  await expect(editor).toHaveCount(0);
  await expect(chaos.rule('Carrier down')).toContainText('p=0.25');

  // Delete takes two clicks.
  await chaos.rule('Carrier down').getByTestId('rule-delete').click();
  await expect(chaos.rule('Carrier down')).toBeVisible();
  await chaos.rule('Carrier down').getByTestId('rule-delete').click();
  await expect(chaos.rule('Carrier down')).toHaveCount(0);
});

test('a chaos batch shows its progress and outcomes', async ({ page }, testInfo) => {
  // Six runs (three orders, both modes).
  test.slow();
  const chaos = new ChaosPage(page);
  await chaos.goto();
  await page.getByTestId('batch-orders').fill('3');
  await page.getByTestId('batch-start').click();
  const progress = page.getByTestId('batch-progress');
  // Progress with a time estimate, whatever stage the batch is at when looked at.
  await expect(page.getByTestId('batch-eta-eta')).toHaveText(/so far · (estimating time left…|about .+ left)|done in/);
  await expect(progress).toHaveAttribute('data-done', 'true', { timeout: 240_000 });
  await expect(page.getByTestId('batch-counts')).toContainText('6/6 finished');
  await expect(page.getByTestId('batch-eta-count')).toHaveText(/^6\/6 runs finished/);
  await expect(page.getByTestId('batch-eta-eta')).toContainText('done in');
  await expect(page.getByTestId('batch-outcomes')).toBeVisible();
  expect(new URL(page.url()).searchParams.get('batch')).toBeTruthy();
  await keepScreenshot(page, testInfo, 'chaos-batch');
});
