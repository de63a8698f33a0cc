import { expect, type Locator, type Page } from '@playwright/test';
import { PageObject } from './page-object';

export const SPECIALISTS = [
  'InventoryAgent',
  'PaymentAgent',
  'ShippingAgent',
  'NotificationAgent',
  'CustomerAgent',
] as const;

/** One run pane of /runs/[id] (side a, or b when comparing): header, graph, timeline, order. */
export class RunPane extends PageObject {
  readonly root: Locator;
  readonly header: Locator;
  readonly status: Locator;
  readonly timelineRows: Locator;
  readonly orderState: Locator;

  constructor(page: Page, side: 'a' | 'b' = 'a') {
    super(page);
    this.root = page.getByTestId(`run-pane-${side}`);
    this.header = this.root.getByTestId('run-header');
    this.status = this.root.getByTestId('run-status');
    this.timelineRows = this.root.getByTestId('timeline-row');
    this.orderState = this.root.getByTestId('order-state');
  }

  node(id: string): Locator {
    return this.root.locator(`[data-testid="graph-node"][data-node-id="${id}"]`);
  }

  edge(id: string): Locator {
    return this.root.locator(`[data-testid="graph-edge"][data-edge-id="${id}"]`);
  }

  /** Timeline rows titled exactly `title` (e.g. "payment.authorize"). */
  rows(title: string): Locator {
    return this.timelineRows.filter({ has: this.page.getByText(title, { exact: true }) });
  }

  /** Waits for run.finished/interrupted to reach the page (the SSE end), then for the order's final state. */
  async waitForEnd(timeout = 90_000): Promise<string> {
    await expect(this.header).toHaveAttribute('data-status', /^(succeeded|failed|interrupted)$/, { timeout });
    await expect(this.orderState).toHaveAttribute('data-ready', 'true');
    return (await this.header.getAttribute('data-status')) ?? '';
  }

  /** The "N injected" figure of the header. */
  async injectedCount(): Promise<number> {
    const text = await this.header
      .getByText(/injected$/)
      .locator('..')
      .innerText();
    return Number(text.match(/(\d+)/)?.[1] ?? NaN);
  }
}

/** The inspector beside the panes. */
export class Inspector extends PageObject {
  readonly root: Locator;
  readonly fault: Locator;

  constructor(page: Page) {
    super(page);
    this.root = page.getByTestId('inspector');
    this.fault = this.root.getByTestId('inspector-fault');
  }
}

/** The replay bar and review actions of a recorded run (single-run page). */
export class ReviewBar extends PageObject {
  readonly replay: Locator;
  readonly scrubber: Locator;
  readonly rerun: Locator;
  readonly forkOpen: Locator;
  readonly fork: Locator;
  readonly outcome: Locator;

  constructor(page: Page) {
    super(page);
    this.replay = page.getByTestId('replay-bar');
    this.scrubber = page.getByTestId('replay-scrubber');
    this.rerun = page.getByTestId('rerun');
    this.forkOpen = page.getByTestId('fork-open');
    this.fork = page.getByTestId('fork-panel');
    this.outcome = page.getByTestId('replay-outcome');
  }

  /** Replay is possible once the run has ended and its whole log is on the page. */
  async ready(): Promise<void> {
    await expect(this.replay).toHaveAttribute('data-enabled', 'true', { timeout: 90_000 });
  }

  async total(): Promise<number> {
    return Number(await this.replay.getAttribute('data-total'));
  }

  async position(): Promise<number> {
    return Number(await this.replay.getAttribute('data-position'));
  }

  /** Drags the scrubber to a position (the range input takes the value like a person's drag). */
  async scrubTo(position: number): Promise<void> {
    await this.scrubber.fill(String(position));
    await expect(this.replay).toHaveAttribute('data-position', String(position));
  }
}
