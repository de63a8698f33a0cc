/**
 * What can be injected where: the services and their operations, the fault kinds,
 * and which kind makes sense for which service and operation. The rule schema,
 * the injector and the control panel all read this one table.
 */
import type { ServiceName } from '@/lib/services/types';

export const SERVICE_NAMES = [
  'inventory',
  'payment',
  'shipping',
  'notification',
  'customer',
] as const satisfies readonly ServiceName[];

/** The operations a fault can target (the agents' tools). Read-only views for the UI, like the outbox list, are not targets. */
export const SERVICE_OPERATIONS = {
  inventory: ['check', 'reserve', 'release', 'commit'],
  payment: ['authorize', 'capture', 'void', 'refund', 'status'],
  shipping: ['quote', 'createLabel', 'cancelLabel', 'holdShipment'],
  notification: ['sendEmail', 'sendSms', 'queue', 'status'],
  customer: ['getProfile', 'listPaymentMethods', 'requestNewCard', 'checkCardRequest'],
} as const satisfies Record<ServiceName, readonly string[]>;

export type OperationOf<S extends ServiceName> = (typeof SERVICE_OPERATIONS)[S][number];
export type OperationName = OperationOf<ServiceName>;

export const FAULT_KINDS = [
  'decline',
  'insufficient_funds',
  'fraud_hold',
  'timeout',
  'server_error',
  'latency',
  'ambiguous_success',
  'out_of_stock',
  'service_down',
  'carrier_outage',
  'address_rejected',
  'provider_down',
  'rate_limited',
  'corrupted_reply',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** The carriers the shipping service knows (and a carrier_outage rule may name). */
export const CARRIERS = ['ups', 'fedex', 'dhl'] as const;
export type Carrier = (typeof CARRIERS)[number];

export const FAULT_TRIGGERS = ['always', 'probability', 'next_n', 'customer', 'card', 'window'] as const;
export type FaultTrigger = (typeof FAULT_TRIGGERS)[number];

type Applicability = Partial<Record<ServiceName, readonly string[] | 'all'>>;

const EVERY_SERVICE: Applicability = {
  inventory: 'all',
  payment: 'all',
  shipping: 'all',
  notification: 'all',
  customer: 'all',
};

/**
 * Where each kind applies. A kind is only meaningful on some operations (a decline
 * happens at authorization; an ambiguous success needs an operation that changes
 * something); a rule on operation "*" fires only on those.
 */
const APPLICABILITY: Record<FaultKind, Applicability> = {
  decline: { payment: ['authorize'] },
  insufficient_funds: { payment: ['authorize'] },
  fraud_hold: { payment: ['authorize'] },
  timeout: { payment: 'all' },
  server_error: { payment: 'all' },
  ambiguous_success: { payment: ['authorize', 'capture', 'void', 'refund'] },
  out_of_stock: { inventory: ['check', 'reserve'] },
  service_down: { inventory: 'all', customer: 'all' },
  carrier_outage: { shipping: ['quote', 'createLabel', 'cancelLabel'] },
  address_rejected: { shipping: ['quote', 'createLabel'] },
  // Queueing keeps the message in our own outbox: no provider is involved.
  provider_down: { notification: ['sendEmail', 'sendSms'] },
  latency: EVERY_SERVICE,
  rate_limited: EVERY_SERVICE,
  corrupted_reply: EVERY_SERVICE,
};

export function isKnownOperation(service: ServiceName, operation: string): boolean {
  return (SERVICE_OPERATIONS[service] as readonly string[]).includes(operation);
}

export function kindAppliesToService(kind: FaultKind, service: ServiceName): boolean {
  return APPLICABILITY[kind][service] !== undefined;
}

/** Whether a rule of this kind can fire on this operation of this service. */
export function kindAppliesTo(kind: FaultKind, service: ServiceName, operation: string): boolean {
  const ops = APPLICABILITY[kind][service];
  if (ops === undefined || !isKnownOperation(service, operation)) return false;
  return ops === 'all' || ops.includes(operation);
}

export function kindsForService(service: ServiceName): FaultKind[] {
  return FAULT_KINDS.filter((kind) => kindAppliesToService(kind, service));
}

export function operationsForKind(kind: FaultKind, service: ServiceName): string[] {
  return SERVICE_OPERATIONS[service].filter((operation) => kindAppliesTo(kind, service, operation));
}

/** The catalog as plain data, for the control panel (components may not import lib/faults). */
export interface FaultCatalogView {
  services: { name: ServiceName; operations: string[]; kinds: { kind: FaultKind; operations: string[] }[] }[];
  triggers: FaultTrigger[];
  carriers: Carrier[];
}

export function faultCatalogView(): FaultCatalogView {
  return {
    services: SERVICE_NAMES.map((name) => ({
      name,
      operations: [...SERVICE_OPERATIONS[name]],
      kinds: kindsForService(name).map((kind) => ({ kind, operations: operationsForKind(kind, name) })),
    })),
    triggers: [...FAULT_TRIGGERS],
    carriers: [...CARRIERS],
  };
}
