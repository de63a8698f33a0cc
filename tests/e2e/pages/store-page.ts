import type { Locator, Page } from '@playwright/test';
import { PageObject } from './page-object';

/** The store (/): customers, products, cart, checkout buttons, the fault rules in force. */
export class StorePage extends PageObject {
  readonly activeRules: Locator;
  readonly placeOrderButton: Locator;
  readonly twoCheckoutsButton: Locator;

  constructor(page: Page) {
    super(page);
    this.activeRules = page.getByTestId('active-rules');
    this.placeOrderButton = page.getByTestId('place-order');
    this.twoCheckoutsButton = page.getByTestId('two-checkouts');
  }

  /** Opens the store with a customer and a cart already chosen (the URL is a deep link). */
  async goto(state: { customer?: string; cart?: Record<string, number> } = {}): Promise<void> {
    const params = new URLSearchParams();
    if (state.customer) params.set('customer', state.customer);
    if (state.cart)
      params.set(
        'cart',
        Object.entries(state.cart)
          .map(([sku, n]) => `${sku}:${n}`)
          .join(','),
      );
    await this.visit(`/?${params.toString()}`, this.page.getByRole('heading', { name: 'Store' }));
  }

  async pickCustomer(id: string): Promise<void> {
    await this.page.locator(`[data-testid="customer-option"][data-customer-id="${id}"]`).click();
  }

  async add(sku: string): Promise<void> {
    await this.page.getByTestId(`add-${sku}`).click();
  }

  /** Places the order and waits for the live run page; returns the run id(s) from the URL. */
  async placeOrder(): Promise<string> {
    await this.placeOrderButton.click();
    await this.page.waitForURL(/\/runs\/[^/?]+/);
    return decodeURIComponent(new URL(this.page.url()).pathname.split('/').pop() ?? '');
  }

  async placeTwoCheckouts(): Promise<{ agents: string; orchestrator: string }> {
    await this.twoCheckoutsButton.click();
    await this.page.waitForURL(/\/runs\/[^/?]+\?compare=/);
    const url = new URL(this.page.url());
    return {
      agents: decodeURIComponent(url.pathname.split('/').pop() ?? ''),
      orchestrator: url.searchParams.get('compare') ?? '',
    };
  }
}
