import type { Pace } from '@/lib/runtime/pace';
import { placedOrderSchema, type PlacedRun } from '@/lib/wire/orders';
import { requestJson } from './http';

export type CheckoutMode = 'agents' | 'orchestrator' | 'both';

export type { PlacedRun } from '@/lib/wire/orders';

export interface PlaceOrderInput {
  customerId: string;
  items: { sku: string; quantity: number }[];
  mode: CheckoutMode;
  /** This order's own fault rules (the store's rules are not touched). */
  faultPreset?: string;
  pace?: Pace;
}

/** POST /api/orders: starts one run (or two, for the "two checkouts"). */
export async function placeOrder(input: PlaceOrderInput): Promise<PlacedRun[]> {
  const { runs } = await requestJson('/api/orders', placedOrderSchema, {
    method: 'POST',
    json: input,
  });
  return runs;
}

/** Where to watch what was just placed: one run, or the agents run with the orchestrator run beside it. */
export function liveRunHref(runs: PlacedRun[]): string {
  const agents = runs.find((r) => r.mode === 'agents');
  const orchestrator = runs.find((r) => r.mode === 'orchestrator');
  if (agents && orchestrator)
    return `/runs/${encodeURIComponent(agents.runId)}?compare=${encodeURIComponent(orchestrator.runId)}`;
  return `/runs/${encodeURIComponent(runs[0].runId)}`;
}
