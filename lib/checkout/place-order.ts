import { FAULT_PRESETS } from '@/lib/faults/presets';
import type { Pace } from '@/lib/runtime/pace';
import { createOrder } from './create-order';
import { restoreCustomersWhenIdle } from './demo-store';
import { OrderRequestError } from './errors';
import type { OrderRequest, RunMode } from './order-request';
import type { CheckoutServices } from './run-checkout';
import type { PlacedRun } from '@/lib/wire/orders';
import { startRun } from './start-run';

/** One run an order started, as POST /api/orders answers it (lib/wire/orders.ts). */
export type { PlacedRun } from '@/lib/wire/orders';

export type PlaceOrderInput = Omit<OrderRequest, 'pace'> & { pace?: Pace; batchId?: string };

/**
 * Places an order (or, for mode 'both', the same order twice: through the agents and
 * through the classic orchestrator, under the same fault rules) and starts its runs.
 * A fault preset is the order's own: its runs hold the preset's rules beside the store's,
 * which stay as they are. Returns at once; the runs go on in the background (`done` settles when they have all ended).
 */
export async function placeOrderRuns(
  rt: CheckoutServices & { modelLabel(mode: RunMode): string },
  request: PlaceOrderInput,
): Promise<{ placed: PlacedRun[]; done: Promise<void> }> {
  const faultPreset = request.faultPreset ?? request.preset;
  if (faultPreset && !FAULT_PRESETS.some((preset) => preset.id === faultPreset)) {
    throw new OrderRequestError(
      request.faultPreset ? 'faultPreset' : 'preset',
      `No fault preset named "${faultPreset}".`,
    );
  }
  const modes: RunMode[] = request.mode === 'both' ? ['agents', 'orchestrator'] : [request.mode];
  // Validate (customer, SKUs) and create every order before any run starts, so a bad request changes nothing.
  const orders = [];
  for (const mode of modes)
    orders.push({
      mode,
      order: await createOrder(rt.db, {
        customerId: request.customerId,
        items: request.items,
        mode,
        id: rt.ids?.('ord'),
      }),
    });
  const placed: PlacedRun[] = [];
  const done: Promise<unknown>[] = [];
  for (const { mode, order } of orders) {
    const run = await startRun(rt, {
      orderId: order.id,
      mode,
      seed: request.seed,
      batchId: request.batchId,
      model: rt.modelLabel(mode),
      faultPreset,
      pace: request.pace,
    });
    placed.push({ runId: run.runId, orderId: order.id, mode });
    done.push(run.done);
  }
  // Settled, never rejected: a caller that does not wait must not meet an unhandled rejection.
  let settled: Promise<void> = Promise.allSettled(done).then(() => undefined);
  // The same customer twice at once (a batch does its own, once it is over): put the customer back as seeded.
  if (request.mode === 'both' && !request.batchId)
    settled = settled.then(() => restoreCustomersWhenIdle(rt.db, [request.customerId])).catch(logRestoreFailure);
  return { placed, done: settled };
}

/** placeOrderRuns, for callers that follow the runs by id. */
export async function placeOrder(
  rt: CheckoutServices & { modelLabel(mode: RunMode): string },
  request: PlaceOrderInput,
): Promise<PlacedRun[]> {
  return (await placeOrderRuns(rt, request)).placed;
}

export function logRestoreFailure(error: unknown): void {
  console.error('[demo] could not put the demo customers back as seeded', error);
}
