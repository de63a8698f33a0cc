import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';
import { RunPane } from './pages/run-page';
import { keepScreenshot } from '../support/e2e/screenshots';
import { placeAndFinish } from '../support/e2e/orders';

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

/** Soft: every page is measured and kept as a screenshot, whichever of them overflows. */
async function noSideScroll(page: Page, name: string): Promise<void> {
  await expect.soft
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth), {
      message: `${name}: document.documentElement.scrollWidth`,
    })
    .toBeLessThanOrEqual(390);
}

test('every page fits 390 px without scrolling sideways, and the run inspector opens as a sheet', async ({
  page,
  request,
}, testInfo) => {
  const [agents, classic] = await placeAndFinish(request, {
    customerId: 'cus_grace',
    items: [{ sku: 'KB-001', quantity: 1 }],
    mode: 'both',
  });

  const pages: { name: string; path: string; ready: (p: Page) => Promise<void> }[] = [
    { name: 'store', path: '/', ready: (p) => expect(p.getByRole('heading', { name: 'Store' })).toBeVisible() },
    {
      name: 'runs',
      path: '/runs',
      ready: (p) => expect(p.getByRole('heading', { name: 'Runs', exact: true })).toBeVisible(),
    },
    { name: 'run', path: `/runs/${agents.runId}`, ready: async (p) => void (await new RunPane(p).waitForEnd()) },
    {
      name: 'two-runs',
      path: `/runs/${agents.runId}?compare=${classic.runId}`,
      ready: async (p) => void (await new RunPane(p, 'b').waitForEnd()),
    },
    {
      name: 'compare',
      path: `/compare?a=${agents.runId}&b=${classic.runId}`,
      ready: (p) => expect(p.getByRole('heading', { name: 'Compare', exact: true })).toBeVisible(),
    },
    {
      name: 'chaos',
      path: '/chaos',
      ready: (p) => expect(p.getByRole('heading', { name: 'Chaos control panel' })).toBeVisible(),
    },
    { name: 'outbox', path: '/outbox', ready: (p) => expect(p.getByRole('heading', { name: 'Outbox' })).toBeVisible() },
  ];
  for (const { name, path, ready } of pages) {
    await page.goto(path);
    await ready(page);
    await noSideScroll(page, name);
    await keepScreenshot(page, testInfo, `mobile-${name}`);
  }

  // The inspector: a sheet over the bottom of the screen, inside it, once a node is tapped.
  await page.goto(`/runs/${agents.runId}`);
  const run = new RunPane(page);
  await run.waitForEnd();
  await run.node('agent:PaymentAgent').tap();
  const sheet = page.getByTestId('inspector');
  await expect(sheet.getByTestId('inspector-node')).toBeVisible();
  const box = await sheet.boundingBox();
  expect(box).not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  expect(box!.y + box!.height).toBeLessThanOrEqual(844 + 1);
  await noSideScroll(page, 'inspector sheet');
  await page.screenshot({ path: 'tests/e2e/.artifacts/mobile-inspector-sheet.png' });
});

test('the app has a favicon', async ({ request }) => {
  const icon = await request.get('/favicon.ico');
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toMatch(/image/);
});
