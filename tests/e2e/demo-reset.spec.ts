import { test, expect } from './fixtures';
import { StorePage } from './pages/store-page';
import { keepScreenshot } from '../support/e2e/screenshots';
import { placeAndFinish } from '../support/e2e/orders';

test('Reset demo store puts the stock back; the cart and customer survive a trip to the control panel', async ({
  page,
  request,
}, testInfo) => {
  // Sell every desk (2 in stock) through the API.
  await placeAndFinish(request, { customerId: 'cus_ada', items: [{ sku: 'DS-008', quantity: 2 }] });
  const store = new StorePage(page);
  await store.goto({ customer: 'cus_katherine', cart: { 'KB-001': 2 } });
  const desk = page.getByTestId('product-card').filter({ hasText: 'DS-008' }).getByTestId('product-stock');
  await expect(desk).toHaveText('sold out');

  // To the control panel and back, by the links a person uses: same customer, same cart.
  await page.getByRole('link', { name: 'Control panel →' }).click();
  await expect(page.getByRole('heading', { name: 'Chaos control panel' })).toBeVisible();
  await page.goBack();
  await expect(page.getByTestId('checkout-customer')).toHaveText('Katherine Johnson');
  await expect(page.getByTestId('cart-line')).toHaveAttribute('data-sku', 'KB-001');
  await expect(page.getByTestId('cart-quantity')).toHaveText('2');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Chaos' }).click();
  await expect(page.getByRole('heading', { name: 'Chaos control panel' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Store' }).click();
  await expect(page.getByTestId('checkout-customer')).toHaveText('Katherine Johnson');
  await expect(page.getByTestId('cart-quantity')).toHaveText('2');

  await page.getByTestId('reset-demo-store').click();
  await expect(page.getByTestId('reset-notice')).toContainText('Demo store reset');
  await expect(desk).toHaveText('2 in stock');
  await keepScreenshot(page, testInfo, 'demo-reset');
  // The history stays.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' }).click();
  await expect(page.getByTestId('run-table').locator('tbody tr').first()).toBeVisible();
});
