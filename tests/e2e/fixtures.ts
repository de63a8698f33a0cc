import { test as base, expect } from '@playwright/test';

/**
 * Every spec starts with no fault rules (the e2e server's database is shared by the specs, which
 * run one at a time). Cleared through the API, as a person would from the control panel.
 */
export const test = base.extend<{ noFaults: void }>({
  noFaults: [
    async ({ request }, use) => {
      const res = await request.delete('/api/faults');
      expect(res.ok(), `DELETE /api/faults: ${res.status()}`).toBe(true);
      await use();
      await request.delete('/api/faults');
    },
    { auto: true },
  ],
});

export { expect };
