import { expect, type Locator, type Page } from '@playwright/test';
import { PageObject } from './page-object';

/** The run history (/runs): filters, search, the table, pages. */
export class HistoryPage extends PageObject {
  readonly rows: Locator;
  readonly search: Locator;
  readonly live: Locator;

  constructor(page: Page) {
    super(page);
    this.rows = page.getByTestId('run-row');
    this.search = page.getByTestId('history-search');
    this.live = page.getByTestId('history-live');
  }

  /** Opens /runs with a query string (the same parameters as GET /api/runs) and waits for the live feed. */
  async goto(query = ''): Promise<void> {
    await this.visit(`/runs${query ? `?${query}` : ''}`, this.page.getByRole('heading', { name: 'Runs', exact: true }));
    await expect(this.live).toHaveAttribute('data-live', 'live');
  }

  row(runId: string): Locator {
    return this.page.locator(`[data-testid="run-row"][data-run-id="${runId}"]`);
  }

  /** Sets a single-choice filter (agent, tool, errorCode, faultKind, model) and waits for the URL to say so. */
  async pick(filter: 'agent' | 'tool' | 'errorCode' | 'faultKind' | 'model', value: string): Promise<void> {
    await this.page.getByTestId(`filter-${filter}`).selectOption(value);
    await expect(this.page).toHaveURL(new RegExp(`[?&]${filter}=${encodeURIComponent(value)}`));
    await this.settled();
  }

  async clear(filter: 'agent' | 'tool' | 'errorCode' | 'faultKind' | 'model'): Promise<void> {
    await this.page.getByTestId(`filter-${filter}`).selectOption('');
    await expect(this.page).not.toHaveURL(new RegExp(`[?&]${filter}=`));
    await this.settled();
  }

  async toggleStatus(status: string): Promise<void> {
    await this.page.getByTestId('filter-status').locator(`[data-value="${status}"]`).click();
    await this.settled();
  }

  /** Free text, applied with Enter. */
  async searchFor(text: string): Promise<void> {
    await this.search.fill(text);
    await this.search.press('Enter');
    await expect(this.page).toHaveURL(/[?&]q=/);
    await this.settled();
  }

  /** The navigation has rendered and the list is following live again. */
  async settled(): Promise<void> {
    await expect(this.page.getByTestId('history')).toHaveAttribute('data-pending', 'false');
    await expect(this.live).toHaveAttribute('data-live', 'live');
  }

  async runIds(): Promise<string[]> {
    return this.rows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run-id') ?? ''));
  }
}
