import { describe, expect, it } from 'vitest';
import { randomFaultSchedule } from '@/lib/chaos/random-fault-rules';
import { placeOrder } from '@/lib/checkout/place-order';
import { runInProgress } from '@/lib/checkout/run-registry';
import { createMemoryFaultInjector } from '@/lib/faults/memory-injector';
import { createCheckoutHarness } from '../../support/checkout-harness';

/** Runs one order under one fault schedule in a fresh store and returns its whole event log as text. */
async function traceOf(seed: number, customerId: string): Promise<string> {
  const h = await createCheckoutHarness();
  try {
    const faults = createMemoryFaultInjector(randomFaultSchedule(seed), h.clock);
    const [placed] = await placeOrder(
      { ...h.rt, services: { faults } },
      {
        customerId,
        items: [
          { sku: 'KB-001', quantity: 1 },
          { sku: 'MS-002', quantity: 2 },
        ],
        mode: 'agents',
        seed,
      },
    );
    await runInProgress(placed.runId);
    return JSON.stringify(await h.events(placed.runId));
  } finally {
    await h.dispose();
  }
}

describe('reproducibility', () => {
  it.each([
    [1, 'cus_ada'],
    [2, 'cus_grace'],
    [3, 'cus_alan'],
    [4, 'cus_katherine'],
    [5, 'cus_barbara'],
  ])('the same seed and fault rules give a byte-identical trace (seed %i, %s)', async (seed, customerId) => {
    const first = await traceOf(seed, customerId);
    const second = await traceOf(seed, customerId);
    expect(first.length).toBeGreaterThan(1000);
    expect(second).toBe(first);
  });
});
