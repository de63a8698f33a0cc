import { createDbFaultInjector, layeredFaultInjector } from '@/lib/faults/injector';
import { createMemoryFaultInjector } from '@/lib/faults/memory-injector';
import { presetRulesForOrder } from '@/lib/faults/presets';
import type { FaultRule } from '@/lib/faults/rule-schema';
import type { CheckoutServices } from './run-checkout';

/** The rules an order's preset gives it alone, dated from when it was placed (the same whoever executes it). */
export function ownRulesOf(orderId: string, preset: string | undefined, placedAt: number): FaultRule[] {
  return (preset && presetRulesForOrder(preset, `${orderId}-${preset}`, placedAt)) || [];
}

/**
 * The runtime a run lives in when its order has rules of its own (a fault preset): the store's rules,
 * then the order's, held in memory by this run alone.
 */
export function withOwnRules(
  rt: CheckoutServices,
  orderRules: FaultRule[],
): { runtime: CheckoutServices; ownRules: ReturnType<typeof createMemoryFaultInjector> } {
  const ownRules = createMemoryFaultInjector(orderRules, rt.clock);
  const storeRules = rt.services?.faults ?? createDbFaultInjector(rt.db, rt.clock);
  const runtime: CheckoutServices = orderRules.length
    ? { ...rt, services: { ...rt.services, faults: layeredFaultInjector(storeRules, ownRules) } }
    : rt;
  return { runtime, ownRules };
}
