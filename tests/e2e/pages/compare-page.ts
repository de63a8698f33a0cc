import type { Locator, Page } from '@playwright/test';
import { PageObject } from './page-object';

/** /compare?a=&b=: two runs aligned step by step. */
export class ComparePage extends PageObject {
  readonly root: Locator;
  readonly rows: Locator;
  readonly firstDivergence: Locator;
  readonly details: Locator;

  constructor(page: Page) {
    super(page);
    this.root = page.getByTestId('compare');
    this.rows = page.getByTestId('compare-row');
    this.firstDivergence = page.locator('[data-testid="compare-row"][data-first="true"]');
    this.details = page.getByTestId('compare-details');
  }

  async goto(a: string, b: string): Promise<void> {
    await this.visit(`/compare?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`, this.root);
  }
}
