import { test, expect } from './fixtures';
import { RunPane } from './pages/run-page';
import { StorePage } from './pages/store-page';
import { keepScreenshot } from '../support/e2e/screenshots';

test('the pace control: an order placed in slow motion is re-paced on its run page, and records the pace it started at', async ({
  page,
  request,
}, testInfo) => {
  const store = new StorePage(page);
  await store.goto({ customer: 'cus_ada', cart: { 'LP-009': 1 } });
  await page.getByTestId('order-pace-slow_motion').click();
  await expect(page.getByTestId('order-pace-picker')).toHaveAttribute('data-pace', 'slow_motion');
  await keepScreenshot(page, testInfo, 'pace-store');
  const runId = await store.placeOrder();

  // Slow motion keeps the run going for minutes: the run page offers to change the rest of it.
  const run = new RunPane(page);
  const control = run.header.getByTestId('run-pace');
  await expect(control).toHaveAttribute('data-pace', 'slow_motion');
  await keepScreenshot(page, testInfo, 'pace-run-live');
  await control.selectOption('instant');
  await expect(control).toHaveAttribute('data-pace', 'instant');
  expect(await run.waitForEnd()).toBe('succeeded');

  // Over: the page says the pace it started at, as the trace recorded it.
  await expect(run.header.getByTestId('run-pace-recorded')).toHaveAttribute('data-pace', 'slow_motion');
  const { events } = (await (await request.get(`/api/runs/${runId}/events.json`)).json()) as {
    events: { type: string; data: { pace?: string } }[];
  };
  expect(events.find((e) => e.type === 'run.started')?.data.pace).toBe('slow_motion');
  expect(events.some((e) => e.type === 'fault.injected')).toBe(false);
  await keepScreenshot(page, testInfo, 'pace-run-ended');

  // The store remembers the pace picked in this tab.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Store' }).click();
  await expect(page.getByTestId('order-pace-picker')).toHaveAttribute('data-pace', 'slow_motion');
});
