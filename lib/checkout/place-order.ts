import type { FaultPresetApplier } from './runtime-types';
import { FAULT_PRESETS } from '@/lib/faults/presets';
import { createOrder } from './create-order';
import { OrderRequestError } from './errors';
import type { OrderRequest, RunMode } from './order-request';
import type { CheckoutRuntime } from './run-checkout';
import { startRun } from './start-run';

export interface PlacedRun {
  runId: string;
  orderId: string;
  mode: RunMode;
}

/**
 * Places an order (or, for mode 'both', the same order twice: through the agents and
 * through the classic orchestrator, under the same fault rules) and starts its runs.
 * Returns at once; the runs go on in the background.
 */
export async function placeOrder(
  rt: CheckoutRuntime & { modelLabel(mode: RunMode): string; applyPreset?: FaultPresetApplier },
  request: OrderRequest & { batchId?: string },
): Promise<PlacedRun[]> {
  const { faultPreset } = request;
  if (faultPreset) {
    if (!rt.applyPreset) throw new OrderRequestError('faultPreset', 'Fault presets are not available here.');
    if (!FAULT_PRESETS.some((preset) => preset.id === faultPreset)) throw new OrderRequestError('faultPreset', `No fault preset named "${faultPreset}".`);
  }
  const modes: RunMode[] = request.mode === 'both' ? ['agents', 'orchestrator'] : [request.mode];
  // Validate (customer, SKUs) and create every order before the preset changes the store's rules or
  // any run starts, so a bad request changes nothing.
  const orders = [];
  for (const mode of modes) orders.push({ mode, order: await createOrder(rt.db, { customerId: request.customerId, items: request.items, mode, id: rt.ids?.('ord') }) });
  if (faultPreset && !(await rt.applyPreset?.(faultPreset))) throw new OrderRequestError('faultPreset', `The fault preset "${faultPreset}" could not be applied.`);
  const placed: PlacedRun[] = [];
  for (const { mode, order } of orders) {
    const { runId } = await startRun(rt, { orderId: order.id, mode, seed: request.seed, batchId: request.batchId, model: rt.modelLabel(mode) });
    placed.push({ runId, orderId: order.id, mode });
  }
  return placed;
}
