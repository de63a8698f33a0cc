import type { Domain } from '../domain';
import { checkoutDomain } from './checkout';
import { customerDomain, inventoryDomain, notificationDomain, paymentDomain, shippingDomain } from './specialist';

/** Every domain the planner knows; a call is served by the first whose tools it offers. */
export const DOMAINS: Domain<never>[] = [
  checkoutDomain,
  paymentDomain,
  inventoryDomain,
  shippingDomain,
  notificationDomain,
  customerDomain,
] as unknown as Domain<never>[];

export function domainForTools(toolNames: string[]): Domain<never> | null {
  const offered = new Set(toolNames);
  return DOMAINS.find((d) => d.requiredTools.every((t) => offered.has(t))) ?? null;
}
