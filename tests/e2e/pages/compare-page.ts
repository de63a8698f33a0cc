import { expect, type Locator, type Page } from '@playwright/test';

/** /compare?a=&b=: two runs aligned step by step. */
export class ComparePage {
  readonly root: Locator;
  readonly rows: Locator;
  readonly firstDivergence: Locator;
  readonly details: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('compare');
    this.rows = page.getByTestId('compare-row');
    this.firstDivergence = page.locator('[data-testid="compare-row"][data-first="true"]');
    this.details = page.getByTestId('compare-details');
  }

  async goto(a: string, b: string): Promise<void> {
    await this.page.goto(`/compare?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`);
    await expect(this.root).toBeVisible();
  }
}
