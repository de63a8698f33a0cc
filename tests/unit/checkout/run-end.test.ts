import { afterEach, describe, expect, it } from 'vitest';
import { placeOrder } from '@/lib/checkout/place-order';
import { runInProgress } from '@/lib/checkout/run-registry';
import { createCheckoutHarness, type Harness } from '../../support/checkout-harness';

let h: Harness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

describe('a run whose end cannot be recorded', () => {
  it('is retried, then the Run row is closed directly (never left running) and the failure is surfaced', async () => {
    h = await createCheckoutHarness();
    let attempts = 0;
    const rt = {
      ...h.rt,
      recorder: {
        append: h.rt.recorder.append,
        finishRun: async () => {
          attempts += 1;
          throw new Error('disk I/O error');
        },
      },
    };
    const [placed] = await placeOrder(rt, {
      customerId: 'cus_ada',
      items: [{ sku: 'KB-001', quantity: 1 }],
      mode: 'agents',
    });
    await expect(runInProgress(placed.runId)!).rejects.toThrow('disk I/O error');
    expect(attempts).toBe(3);
    const run = await h.t.db.run.findUniqueOrThrow({ where: { id: placed.runId } });
    expect(run.status).toBe('succeeded');
    expect(run.finishedAt).not.toBeNull();
    expect(run.outcome).toMatch(/^order placed: .*\[its end could not be recorded in the trace: disk I\/O error\]$/s);
    // The work itself was recorded; only the end is missing from the log.
    const types = (await h.events(placed.runId)).map((e) => e.type);
    expect(types[0]).toBe('run.started');
    expect(types).not.toContain('run.finished');
  });
});
