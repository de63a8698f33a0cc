/**
 * What the control panel may offer, handed down by the page from the faults catalog
 * (components never import lib/faults): per service its operations, and per kind the
 * operations it can fire on.
 */
export interface FaultCatalogView {
  services: { name: string; operations: string[]; kinds: { kind: string; operations: string[] }[] }[];
  triggers: string[];
  carriers: string[];
}

/** Customers and their cards, for the customer and card triggers. */
export interface CustomerChoice {
  id: string;
  name: string;
  cards: { id: string; label: string }[];
}

/** What the rule editor offers, handed down by a page. */
export interface RuleChoices {
  catalog: FaultCatalogView;
  customers: CustomerChoice[];
}

export function kindsOf(catalog: FaultCatalogView, service: string): { kind: string; operations: string[] }[] {
  return catalog.services.find((s) => s.name === service)?.kinds ?? [];
}

/** The operations a kind can target on a service, "*" (every one it applies to) first. */
export function operationsOf(catalog: FaultCatalogView, service: string, kind: string): string[] {
  return ['*', ...(kindsOf(catalog, service).find((k) => k.kind === kind)?.operations ?? [])];
}

export const KIND_LABELS: Record<string, string> = {
  decline: 'card declined',
  insufficient_funds: 'insufficient funds',
  fraud_hold: 'fraud hold',
  timeout: 'gateway timeout',
  server_error: 'server error (5xx)',
  latency: 'added latency',
  ambiguous_success: 'ambiguous success',
  out_of_stock: 'out of stock',
  service_down: 'service down',
  carrier_outage: 'carrier outage',
  address_rejected: 'address rejected',
  provider_down: 'provider down',
  rate_limited: 'rate limited (429)',
  corrupted_reply: 'corrupted but plausible reply',
};

export const TRIGGER_LABELS: Record<string, string> = {
  always: 'always',
  probability: 'with probability (seeded)',
  next_n: 'the next N calls',
  customer: 'for one customer',
  card: 'for one card',
  window: 'in a time window',
};
