import { expect, type Locator, type Page } from '@playwright/test';

/**
 * The base of every page object: a part of the app, found by its test ids. Page objects say what a
 * person does and wait for what the app shows (a condition), never for time.
 */
export abstract class PageObject {
  constructor(readonly page: Page) {}

  protected byTestId(id: string): Locator {
    return this.page.getByTestId(id);
  }

  /** Opens a path and waits for the page's own sign that it is ready to be used. */
  protected async visit(path: string, ready: Locator): Promise<void> {
    await this.page.goto(path);
    await expect(ready).toBeVisible();
  }
}
