import { expect, type Locator, type Page } from '@playwright/test';
import { PageObject } from './page-object';

/** The control panel (/chaos): rules, presets, chaos batches. */
export class ChaosPage extends PageObject {
  readonly rows: Locator;

  constructor(page: Page) {
    super(page);
    this.rows = page.getByTestId('rule-row');
  }

  async goto(): Promise<void> {
    await this.visit('/chaos', this.page.getByRole('heading', { name: 'Chaos control panel' }));
    await expect(this.page.getByTestId('rules-panel').getByText(/Loading fault rules/)).toHaveCount(0);
  }

  rule(name: string): Locator {
    return this.page.locator(`[data-testid="rule-row"][data-rule-name="${name}"]`);
  }

  async addPreset(id: string): Promise<void> {
    await this.page.locator(`[data-testid="preset"][data-preset-id="${id}"]`).getByTestId('preset-add').click();
  }

  async toggle(name: string): Promise<void> {
    await this.rule(name).getByTestId('rule-toggle').click();
  }

  hits(name: string): Locator {
    return this.rule(name).getByTestId('rule-hits');
  }

  /** Creates a rule through the editor. */
  async createRule(rule: {
    name: string;
    service: string;
    kind: string;
    operation?: string;
    latencyMs?: number;
  }): Promise<void> {
    await this.page.getByTestId('rule-new').click();
    const editor = this.page.getByTestId('rule-editor');
    await editor.getByTestId('rule-name').fill(rule.name);
    await editor.getByTestId('rule-service').selectOption(rule.service);
    await editor.getByTestId('rule-kind').selectOption(rule.kind);
    if (rule.operation) await editor.getByTestId('rule-operation').selectOption(rule.operation);
    if (rule.latencyMs !== undefined) await editor.getByLabel('Latency (ms)').fill(String(rule.latencyMs));
    await editor.getByTestId('rule-save').click();
    await expect(editor).toHaveCount(0);
    await expect(this.rule(rule.name)).toBeVisible();
  }
}
