import { expect, type Locator, type Page } from '@playwright/test';

export const SPECIALISTS = ['InventoryAgent', 'PaymentAgent', 'ShippingAgent', 'NotificationAgent', 'CustomerAgent'] as const;

/** One run pane of /runs/[id] (side a, or b when comparing): header, graph, timeline, order. */
export class RunPane {
  readonly root: Locator;
  readonly header: Locator;
  readonly status: Locator;
  readonly timelineRows: Locator;
  readonly orderState: Locator;

  constructor(readonly page: Page, side: 'a' | 'b' = 'a') {
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
  async waitForEnd(timeout = 45_000): Promise<string> {
    await expect(this.header).toHaveAttribute('data-status', /^(succeeded|failed|interrupted)$/, { timeout });
    await expect(this.orderState).toHaveAttribute('data-ready', 'true');
    return (await this.header.getAttribute('data-status')) ?? '';
  }

  /** The "N injected" figure of the header. */
  async injectedCount(): Promise<number> {
    const text = await this.header.getByText(/injected$/).locator('..').innerText();
    return Number(text.match(/(\d+)/)?.[1] ?? NaN);
  }
}

/** The inspector beside the panes. */
export class Inspector {
  readonly root: Locator;
  readonly fault: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('inspector');
    this.fault = this.root.getByTestId('inspector-fault');
  }
}
