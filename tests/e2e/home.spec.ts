import { expect, test } from '@playwright/test';
import { keepScreenshot } from '../support/e2e/screenshots';

test('the home page shows the demo store', async ({ page }, testInfo) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Store' })).toBeVisible();
  await expect(page.getByTestId('product-card')).toHaveCount(13);
  await expect(page.getByText('Mechanical Keyboard')).toBeVisible();
  await expect(page.getByText('Grace Hopper')).toBeVisible();
  await keepScreenshot(page, testInfo, 'home');
});

test('the health route reports the database, migrations and model', async ({ request }) => {
  const res = await request.get('/api/health');
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body).toMatchObject({
    status: 'ok',
    database: { ok: true },
    migrations: { upToDate: true, pending: [] },
    model: { provider: 'offline-planner' },
  });
  expect(body.migrations.applied.length).toBeGreaterThan(0);
});
