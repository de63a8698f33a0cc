import { test, expect } from './fixtures';
import { ChaosPage } from './pages/chaos-page';
import { Inspector, RunPane, SPECIALISTS } from './pages/run-page';
import { StorePage } from './pages/store-page';
import { keepScreenshot } from '../support/e2e/screenshots';

test('happy path: the graph reaches all five specialists and the order succeeds', async ({ page }, testInfo) => {
  const store = new StorePage(page);
  await store.goto({ customer: 'cus_ada', cart: { 'KB-001': 1, 'MS-002': 1 } });
  await expect(store.activeRules.getByTestId('no-active-rules')).toBeVisible();
  await expect(page.getByTestId('cart-total')).toHaveText('$178.00');
  await keepScreenshot(page, testInfo, 'store');

  await store.placeOrder();
  const run = new RunPane(page);
  expect(await run.waitForEnd()).toBe('succeeded');
  await expect(run.node('agent:CheckoutAgent')).toHaveAttribute('data-status', 'ok');
  for (const agent of SPECIALISTS) {
    await expect(run.node(`agent:${agent}`), agent).toHaveAttribute('data-status', 'ok');
    await expect(run.edge(`message:CheckoutAgent->agent:${agent}`), agent).toBeVisible();
  }
  await expect(run.root.getByTestId('order-status')).toHaveText('placed');
  await expect(run.root.getByTestId('order-payment').filter({ hasText: 'capture' })).toHaveAttribute(
    'data-status',
    'succeeded',
  );
  expect(await run.injectedCount()).toBe(0);
  await keepScreenshot(page, testInfo, 'run-happy');
});

/** How long the test's hold keeps a run open: far longer than a busy machine needs to show what the test looks at. */
const HOLD_MS = 20_000;

test('decline primary cards: the failed payment, the second attempt and success, live in graph and timeline', async ({
  page,
}, testInfo) => {
  // The hold below is waited out once (the run ends only after it), on a machine that may be busy.
  test.slow();
  const chaos = new ChaosPage(page);
  await chaos.goto();
  await chaos.addPreset('decline-primary-cards');
  await expect(chaos.rule('Decline primary cards')).toHaveAttribute('data-enabled', 'true');
  // A hold on the step after the re-plan (the capture): once it has begun, the run stays open for
  // HOLD_MS and moves no further, so the test sees the re-plan while the run is live however slow the
  // machine, and the timeline still holds the authorizations (it renders the rows near its end).
  await chaos.createRule({
    name: 'Hold the capture',
    service: 'payment',
    kind: 'latency',
    operation: 'capture',
    latencyMs: HOLD_MS,
  });

  const store = new StorePage(page);
  await store.goto({ customer: 'cus_grace', cart: { 'KB-001': 1 } });
  await expect(store.activeRules.getByTestId('active-rule')).toHaveCount(2);
  await store.placeOrder();

  const run = new RunPane(page);
  const payment = run.edge('tool:PaymentAgent->service:payment');
  // The hold has begun: the capture is on the timeline with its latency fault, and the run cannot
  // move on for HOLD_MS.
  await expect(run.rows('payment.capture')).toHaveAttribute('data-faults', '1', { timeout: 90_000 });
  await expect(run.header).toHaveAttribute('data-status', 'running');
  // The declined authorization on the primary card: a failed, injected call on the payment edge
  // (its faults: that decline and the hold)…
  await expect(payment).toHaveAttribute('data-errors', '1');
  await expect(payment).toHaveAttribute('data-faults', '2');
  const failed = run.rows('payment.authorize').and(page.locator('[data-status="error"]'));
  await expect(failed).toHaveCount(1);
  await expect(failed).toHaveAttribute('data-faults', '1');
  // …then the second attempt on the backup card.
  await expect(run.rows('payment.authorize').and(page.locator('[data-status="ok"]'))).toHaveCount(1);
  await expect(run.node('service:payment')).not.toHaveAttribute('data-faults', '0');
  await expect(run.node('service:payment').getByTestId('node-injected')).toBeVisible();
  await keepScreenshot(page, testInfo, 'run-decline-live');

  // The payment edge's inspector lists its calls (two authorizations and the held capture); the
  // failed one opens with the injected-fault mark. Whether the hold is over by now or not.
  const inspector = new Inspector(page);
  await payment.click();
  await expect(inspector.root.getByTestId('inspector-edge')).toBeVisible();
  const calls = inspector.root.getByTestId('inspector-span-link');
  await expect.poll(() => calls.count()).toBeGreaterThanOrEqual(3);
  await calls.filter({ hasText: 'card_declined' }).click();
  await expect(inspector.root.getByTestId('inspector-span')).toHaveAttribute('data-status', 'error');
  await expect(inspector.fault.getByTestId('injected-mark')).toHaveText(/injected/);
  await expect(inspector.fault.getByTestId('inspector-fault-rule')).toHaveText('Decline primary cards');
  await expect(inspector.root.getByTestId('inspector-error')).toContainText('card_declined');
  // The timeline scrolls to the selected span and marks it.
  await expect(page).toHaveURL(/[?&]span=[^&]+/);
  const spanId = new URL(page.url()).searchParams.get('span') ?? '';
  await expect(run.root.locator(`[data-testid="timeline-row"][data-span-id="${spanId}"]`)).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await page.evaluate(() => window.scrollTo(0, 0));
  await keepScreenshot(page, testInfo, 'inspector-injected-fault');

  // The selection is a deep link: a reload shows the same span; the timeline's keys move it.
  await page.reload();
  await expect(inspector.fault.getByTestId('inspector-fault-rule')).toHaveText('Decline primary cards');
  await run.root.locator(`[data-testid="timeline-row"][data-span-id="${spanId}"]`).click();
  await page.keyboard.press('ArrowDown');
  await expect(page).not.toHaveURL(new RegExp(`span=${spanId}(&|$)`));
  await page.keyboard.press('Escape');
  await expect(inspector.root.getByTestId('inspector-empty')).toBeVisible();

  // The end, once the hold is over: success after the re-plan.
  expect(await run.waitForEnd(HOLD_MS + 60_000)).toBe('succeeded');
  await expect(payment).toHaveAttribute('data-errors', '1');
  expect(Number(await payment.getAttribute('data-count'))).toBeGreaterThanOrEqual(3);
  await expect(run.root.getByTestId('order-status')).toHaveText('placed');
  await expect(run.root.getByTestId('order-payment').filter({ hasText: 'card_declined' })).toHaveAttribute(
    'data-status',
    'failed',
  );
  await keepScreenshot(page, testInfo, 'run-decline');
});

test('two checkouts: the same order through the agents and the orchestrator, side by side', async ({
  page,
}, testInfo) => {
  const chaos = new ChaosPage(page);
  await chaos.goto();
  await chaos.addPreset('decline-primary-cards');
  await expect(chaos.rule('Decline primary cards')).toBeVisible();

  const store = new StorePage(page);
  await store.goto({ customer: 'cus_grace', cart: { 'MS-002': 1 } });
  const ids = await store.placeTwoCheckouts();
  expect(ids.orchestrator).not.toBe('');
  const agents = new RunPane(page, 'a');
  const orchestrator = new RunPane(page, 'b');
  await expect(agents.root).toHaveAttribute('data-run-id', ids.agents);
  await expect(orchestrator.root).toHaveAttribute('data-run-id', ids.orchestrator);
  expect(await agents.waitForEnd()).toBe('succeeded');
  await orchestrator.waitForEnd();
  await expect(orchestrator.node('agent:OrderService')).toBeVisible();
  await expect(orchestrator.edge('tool:OrderService->service:payment')).toHaveAttribute('data-faults', '1');
  // Each run has half the width; the inspector opens over the right edge only once something is picked.
  await expect(page.getByTestId('inspector')).toHaveCount(0);
  await keepScreenshot(page, testInfo, 'two-checkouts');
  await orchestrator.node('service:payment').click();
  await expect(page.getByTestId('inspector-node')).toBeVisible();
  await keepScreenshot(page, testInfo, 'two-checkouts-inspector');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('inspector')).toHaveCount(0);
});
