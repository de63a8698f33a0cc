import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { RunPane } from './pages/run-page';
import { StorePage } from './pages/store-page';
import { keepScreenshot } from '../support/e2e/screenshots';
import { placeAndFinish } from '../support/e2e/orders';

/** The conversation panel of one run pane, and its lines by kind. */
class Conversation {
  readonly root: Locator;
  readonly list: Locator;
  readonly lines: Locator;

  constructor(
    readonly page: Page,
    side: 'a' | 'b' = 'a',
  ) {
    this.root = page.getByTestId(`run-pane-${side}`).getByTestId('conversation-panel');
    this.list = this.root.getByTestId('conversation');
    this.lines = this.root.getByTestId('conversation-line');
  }

  kind(kind: string): Locator {
    return this.lines.and(this.page.locator(`[data-kind="${kind}"]`));
  }

  decision(kind: string): Locator {
    return this.lines.and(this.page.locator(`[data-decision="${kind}"]`));
  }

  /** Lines of a kind whose words are exactly `text`. */
  said(kind: string, text: string): Locator {
    return this.kind(kind).filter({ has: this.page.getByTestId('conversation-text').getByText(text, { exact: true }) });
  }
}

async function applyPreset(request: APIRequestContext, preset: string): Promise<void> {
  const res = await request.post('/api/faults/presets', { data: { preset } });
  expect(res.status(), await res.text()).toBe(201);
}

test('decline → backup card: the conversation streams live, then reads in words with the decision marked; a line and a span select each other', async ({
  page,
  request,
}, testInfo) => {
  await applyPreset(request, 'decline-primary-cards');
  // A slow capture holds the run open after the re-plan, so the conversation is seen while it streams.
  const slow = await request.post('/api/faults', {
    data: {
      name: 'Slow capture',
      service: 'payment',
      operation: 'capture',
      kind: 'latency',
      params: { latencyMs: 15_000 },
    },
  });
  expect(slow.status(), await slow.text()).toBe(201);

  const store = new StorePage(page);
  await store.goto({ customer: 'cus_grace', cart: { 'KB-001': 1, 'MS-002': 1 } });
  await store.placeOrder();
  const run = new RunPane(page);
  const talk = new Conversation(page);

  // Live: the decision appears while the run is still streaming. One condition, checked in the page on
  // every frame, so it is waited for rather than asserted after the fact.
  await page.waitForFunction(
    () => {
      const pane = document.querySelector('[data-testid="run-pane-a"]');
      return (
        pane?.querySelector('[data-testid="run-header"]')?.getAttribute('data-status') === 'running' &&
        pane.querySelector('[data-testid="conversation-live"]') !== null &&
        pane.querySelector('[data-testid="conversation-line"][data-decision="another_card"]') !== null
      );
    },
    null,
    { timeout: 30_000, polling: 'raf' },
  );
  await keepScreenshot(page, testInfo, 'conversation-live');

  expect(await run.waitForEnd()).toBe('succeeded');
  await expect(talk.list).toHaveAttribute('data-status', 'succeeded');
  await expect(talk.decision('another_card').getByTestId('conversation-text')).toHaveText(
    'Visa ··0002 was declined → pay with the backup card, Mastercard ··4444.',
  );
  await expect(talk.root.getByTestId('conversation-decisions')).toHaveAttribute('data-count', '1');
  // Ids are things a person recognises: products, cards, money.
  await expect(talk.said('request', 'Reserve 1 × Mechanical Keyboard, 1 × Wireless Mouse.')).toHaveCount(1);
  await expect(talk.said('tool', 'authorized $178.00 on Mastercard ··4444')).toHaveCount(1);
  await expect(
    talk.said('tool', 'authorize $178.00 on Visa ··0002 failed: card declined').getByTestId('conversation-fault'),
  ).toHaveText('injected decline');
  await expect(talk.said('thought', 'The primary card cannot pay: use the backup.')).toHaveCount(1);
  await expect(talk.kind('end')).toHaveAttribute('data-status', 'succeeded');
  await expect(talk.list).not.toContainText('pm_grace');
  await talk.decision('another_card').scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollTo(0, 0));
  await keepScreenshot(page, testInfo, 'conversation-decline-backup');

  // A line selects its span: the URL, the timeline row, the inspector.
  const decision = talk.decision('another_card');
  const spanId = (await decision.getAttribute('data-span-id')) ?? '';
  await decision.click();
  await expect.poll(() => new URL(page.url()).searchParams.get('span')).toBe(spanId);
  await expect(run.root.locator(`[data-testid="timeline-row"][data-span-id="${spanId}"]`)).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(decision).toHaveAttribute('data-selected', 'true');

  // …and back: the failed authorization picked in the timeline marks its line.
  const failedRow = run.rows('payment.authorize').and(page.locator('[data-status="error"]'));
  const failedSpan = (await failedRow.getAttribute('data-span-id')) ?? '';
  await failedRow.click();
  const failedLine = talk.lines.and(page.locator(`[data-span-id="${failedSpan}"]`));
  await expect(failedLine).toHaveAttribute('data-selected', 'true');
  // Scrolled into view inside the conversation's own list (the page does not move).
  await expect
    .poll(() =>
      failedLine.evaluate((line) => {
        const list = line.closest('[data-testid="conversation"]')?.getBoundingClientRect();
        const row = line.getBoundingClientRect();
        return list !== undefined && row.top >= list.top - 1 && row.bottom <= list.bottom + 1;
      }),
    )
    .toBe(true);
});

test('gateway timeout → the PaymentAgent checks the status before it tries again', async ({
  page,
  request,
}, testInfo) => {
  await applyPreset(request, 'gateway-timeouts');
  const [placed] = await placeAndFinish(request, { customerId: 'cus_ada', items: [{ sku: 'KB-001', quantity: 1 }] });
  await page.goto(`/runs/${placed.runId}`);
  const run = new RunPane(page);
  const talk = new Conversation(page);
  expect(await run.waitForEnd()).toBe('succeeded');
  const checks = talk.decision('status_check');
  await expect(checks).toHaveCount(2);
  await expect(checks.first()).toHaveAttribute('data-agent', 'PaymentAgent');
  await expect(checks.first().getByTestId('conversation-text')).toHaveText(
    'Authorize $129.00 on Visa ··4242 timed out: did it go through? → check the payment status before trying again.',
  );
  await expect(talk.said('tool', 'status check: nothing went through, a retry is safe')).toHaveCount(2);
  await expect(talk.said('tool', 'authorized $129.00 on Visa ··4242')).toHaveCount(1);
  await checks.first().scrollIntoViewIfNeeded();
  await keepScreenshot(page, testInfo, 'conversation-timeout-status-check');
});

test('no card on file → the CheckoutAgent asks the customer for a new one; on a narrow screen the conversation stacks under the graph', async ({
  page,
  request,
}, testInfo) => {
  const [placed] = await placeAndFinish(request, { customerId: 'cus_linus', items: [{ sku: 'KB-001', quantity: 1 }] });
  await page.goto(`/runs/${placed.runId}`);
  const run = new RunPane(page);
  const talk = new Conversation(page);
  expect(await run.waitForEnd()).toBe('succeeded');
  await expect(talk.decision('new_card').getByTestId('conversation-text')).toHaveText(
    'No usable card on file → ask the customer for a new card.',
  );
  await expect(talk.said('reply', 'No card on file.')).toHaveCount(1);
  await expect(talk.said('request', 'Ask the customer for a new card.')).toHaveCount(1);
  await expect(talk.said('request', 'Authorize $129.00 on the new card.')).toHaveCount(0);
  await talk.decision('new_card').scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollTo(0, 0));
  await keepScreenshot(page, testInfo, 'conversation-no-card');

  await page.setViewportSize({ width: 390, height: 844 });
  const graph = run.root.locator('section').filter({ has: page.getByRole('heading', { name: 'Agent graph' }) });
  await expect
    .poll(async () => {
      const [g, c] = await Promise.all([graph.boundingBox(), talk.root.boundingBox()]);
      return g && c ? c.y >= g.y + g.height && c.width > 300 : false;
    })
    .toBe(true);
  await talk.root.scrollIntoViewIfNeeded();
  await keepScreenshot(page, testInfo, 'conversation-mobile');
});

test('two checkouts of this order: the agents re-plan where the orchestrator stops, said in one sentence per side', async ({
  page,
  request,
}, testInfo) => {
  await applyPreset(request, 'decline-primary-cards');
  const [placed] = await placeAndFinish(request, { customerId: 'cus_grace', items: [{ sku: 'KB-001', quantity: 1 }] });
  await page.goto(`/runs/${placed.runId}`);
  await expect(new RunPane(page).header).toHaveAttribute('data-status', 'succeeded');

  await page.getByTestId('two-checkouts-again').click();
  await page.waitForURL(/\/runs\/[^/?]+\?compare=/);
  const agents = new RunPane(page, 'a');
  const orchestrator = new RunPane(page, 'b');
  expect(await agents.waitForEnd()).toBe('succeeded');
  expect(await orchestrator.waitForEnd()).toBe('failed');
  await expect(agents.root).not.toHaveAttribute('data-run-id', placed.runId);

  const verdict = page.getByTestId('checkout-verdict');
  await expect(verdict.getByTestId('verdict-agents')).toHaveText(
    'Micro-agents: Placed after re-planning once: Visa ··0002 was declined, so they chose to pay with the backup card, Mastercard ··4444.',
  );
  await expect(verdict.getByTestId('verdict-orchestrator')).toHaveText(
    'Orchestrator: Failed at step 4 of 8 (authorize the primary card): Visa ··0002 was declined. Its script has no other path, so it released the stock and stopped.',
  );
  await expect(verdict.getByTestId('verdict-replanned')).toHaveText([
    'Where the orchestrator stopped at step 4 (authorize the primary card), the agents saw that Visa ··0002 was declined and chose to pay with the backup card, Mastercard ··4444.',
  ]);

  // The orchestrator's pane reads as its script, with the step where it stopped.
  const script = new Conversation(page, 'b');
  await expect(script.list).toHaveAttribute('data-mode', 'orchestrator');
  await expect(script.kind('tool').getByTestId('conversation-step')).toHaveText([
    'step 1/8',
    'step 2/8',
    'step 3/8',
    'step 4/8',
  ]);
  await expect(script.kind('stop').getByTestId('conversation-text')).toContainText(
    'Stopped at step 4 of 8 (authorize the primary card): Visa ··0002 was declined.',
  );
  await expect(new Conversation(page, 'a').decision('another_card')).toHaveCount(1);
  await page.evaluate(() => window.scrollTo(0, 0));
  await keepScreenshot(page, testInfo, 'two-checkouts-verdict');
});
