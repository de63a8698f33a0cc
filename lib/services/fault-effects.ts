/**
 * The error an injected fault of an error kind turns into: built with the same
 * builders as the real failure, from what the service knows about the call.
 */
import type { FaultDecision } from '@/lib/faults/injector';
import {
  addressRejected,
  cardDeclined,
  carrierOutage,
  fraudHold,
  gatewayTimeout,
  insufficientFunds,
  outOfStock,
  providerDown,
  rateLimited,
  serverError,
  serviceUnavailable,
  type Address,
  type CardRef,
} from './errors';
import type { ServiceError } from './types';

/** Who and what a call is about: for rule conditions, and for the wording of injected errors. */
export interface FaultScope {
  customerId?: string;
  paymentMethodId?: string;
  cardRole?: string;
  carrier?: string;
  skus?: readonly string[];
  card?: CardRef;
  address?: Address;
  items?: readonly { sku: string; quantity: number }[];
  channel?: 'email' | 'sms';
}

/** Reasons a real carrier gives for an address it cannot serve, used for injected rejections. */
export const UNVERIFIABLE_ADDRESS = 'the carrier could not verify the street and postal code';

/**
 * The error for an error kind, or null when the call lacks what the error needs (an
 * unknown card, an order with no items): then the real operation runs and answers.
 */
export function injectedError(decision: FaultDecision, scope: FaultScope): ServiceError | null {
  const { service, operation, params } = decision;
  switch (decision.kind) {
    case 'decline':
      return scope.card ? cardDeclined(scope.card) : null;
    case 'insufficient_funds':
      return scope.card ? insufficientFunds(scope.card) : null;
    case 'fraud_hold':
      return scope.card ? fraudHold(scope.card) : null;
    case 'timeout':
      return gatewayTimeout(operation);
    case 'server_error':
      return serverError(service, operation, params.retryAfterMs);
    case 'rate_limited':
      return rateLimited(service, params.retryAfterMs);
    case 'service_down':
      return serviceUnavailable(service, params.retryAfterMs);
    case 'provider_down':
      return providerDown(scope.channel ?? 'email', params.retryAfterMs);
    case 'carrier_outage':
      return carrierOutage(scope.carrier ?? params.carrier, params.retryAfterMs);
    case 'address_rejected':
      return scope.address ? addressRejected(scope.address, UNVERIFIABLE_ADDRESS) : null;
    case 'out_of_stock': {
      const items = (scope.items ?? []).filter((item) => params.sku === undefined || item.sku === params.sku);
      return items.length > 0
        ? outOfStock(items.map((i) => ({ sku: i.sku, requested: i.quantity, available: 0 })))
        : null;
    }
    case 'latency':
    case 'ambiguous_success':
    case 'corrupted_reply':
      return null;
  }
}
