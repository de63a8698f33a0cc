/**
 * Every error a service returns, built in one place. Real failures and injected faults
 * use the same builders, so the two cannot be told apart by code or wording.
 */
import type { ServiceError, ServiceName } from './types';

export interface CardRef {
  id: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}

export interface Address {
  addressLine: string;
  city: string;
  postalCode: string;
  country: string;
}

export const cardLabel = (card: Pick<CardRef, 'brand' | 'last4'>): string => `${card.brand} ··${card.last4}`;
export const addressLabel = (a: Address): string => `${a.addressLine}, ${a.city} ${a.postalCode}, ${a.country}`;

const SERVICE_TITLE: Record<ServiceName, string> = {
  inventory: 'inventory service',
  payment: 'payment gateway',
  shipping: 'shipping service',
  notification: 'notification provider',
  customer: 'customer service',
};

export const DEFAULT_RETRY_AFTER_MS = {
  rate_limited: 1000,
  server_error: 500,
  service_unavailable: 5000,
  provider_down: 5000,
  carrier_outage: 5000,
} as const;

export function notFound(what: string, id: string): ServiceError {
  return {
    code: 'not_found',
    message: `No ${what} with id "${id}" exists. Check the id.`,
    retryable: false,
    details: { id },
  };
}

export function invalidState(message: string, details?: Record<string, unknown>): ServiceError {
  return { code: 'invalid_state', message, retryable: false, ...(details ? { details } : {}) };
}

/** A request that is well-formed but wrong for the data (another customer's card, a wrong amount). */
export function badRequest(field: string, message: string): ServiceError {
  return {
    code: 'invalid_input',
    message: `Invalid request: ${field}: ${message}`,
    retryable: false,
    details: { fields: [{ path: field, message }] },
  };
}

export function cardDeclined(card: CardRef): ServiceError {
  return {
    code: 'card_declined',
    message: `Card ${cardLabel(card)} was declined by the issuer (do_not_honor). Try another payment method.`,
    retryable: false,
    details: { paymentMethodId: card.id, declineCode: 'do_not_honor' },
  };
}

export function insufficientFunds(card: CardRef): ServiceError {
  return {
    code: 'insufficient_funds',
    message: `Card ${cardLabel(card)} was declined for insufficient funds. Try another payment method.`,
    retryable: false,
    details: { paymentMethodId: card.id, declineCode: 'insufficient_funds' },
  };
}

export function fraudHold(card: CardRef): ServiceError {
  return {
    code: 'fraud_hold',
    message: `The payment on card ${cardLabel(card)} was held for fraud review by the issuer. Do not retry this card; use another payment method or contact the customer.`,
    retryable: false,
    details: { paymentMethodId: card.id },
  };
}

export function cardExpired(card: CardRef): ServiceError {
  const exp = `${String(card.expMonth).padStart(2, '0')}/${card.expYear}`;
  return {
    code: 'card_expired',
    message: `Card ${cardLabel(card)} expired (${exp}). Use another payment method or ask the customer for a new card.`,
    retryable: false,
    details: { paymentMethodId: card.id },
  };
}

export function gatewayTimeout(operation: string): ServiceError {
  return {
    code: 'gateway_timeout',
    message: `The payment gateway did not answer payment.${operation} within 30 s. The operation may or may not have gone through: check payment.status with the same idempotency key before retrying.`,
    retryable: true,
  };
}

export function serverError(
  service: ServiceName,
  operation: string,
  retryAfterMs: number = DEFAULT_RETRY_AFTER_MS.server_error,
): ServiceError {
  return {
    code: 'server_error',
    message: `The ${SERVICE_TITLE[service]} failed with HTTP 502 on ${service}.${operation}. Retry after ${retryAfterMs} ms; retrying with the same idempotency key is safe.`,
    retryable: true,
    retryAfterMs,
  };
}

export function rateLimited(
  service: ServiceName,
  retryAfterMs: number = DEFAULT_RETRY_AFTER_MS.rate_limited,
): ServiceError {
  return {
    code: 'rate_limited',
    message: `Too many requests to the ${SERVICE_TITLE[service]} (HTTP 429). Wait ${retryAfterMs} ms before retrying.`,
    retryable: true,
    retryAfterMs,
  };
}

export function serviceUnavailable(
  service: ServiceName,
  retryAfterMs: number = DEFAULT_RETRY_AFTER_MS.service_unavailable,
): ServiceError {
  return {
    code: 'service_unavailable',
    message: `The ${SERVICE_TITLE[service]} is unavailable (HTTP 503). Nothing was done. Retry after ${retryAfterMs} ms.`,
    retryable: true,
    retryAfterMs,
  };
}

export function providerDown(
  channel: 'email' | 'sms',
  retryAfterMs: number = DEFAULT_RETRY_AFTER_MS.provider_down,
): ServiceError {
  return {
    code: 'provider_down',
    message: `The ${channel === 'sms' ? 'SMS' : 'email'} provider is down; the message was not sent. Retry after ${retryAfterMs} ms.`,
    retryable: true,
    retryAfterMs,
  };
}

/** Without a carrier (a quote for all of them), every carrier is out. */
export function carrierOutage(
  carrier: string | undefined,
  retryAfterMs: number = DEFAULT_RETRY_AFTER_MS.carrier_outage,
): ServiceError {
  const who = carrier
    ? `Carrier ${carrier.toUpperCase()} has an outage and cannot`
    : 'The carriers have an outage and cannot';
  return {
    code: 'carrier_outage',
    message: `${who} take requests right now. ${carrier ? 'Use another carrier or retry' : 'Retry'} after ${retryAfterMs} ms.`,
    retryable: true,
    retryAfterMs,
    details: carrier ? { carrier } : {},
  };
}

export function addressRejected(address: Address, reason: string): ServiceError {
  return {
    code: 'address_rejected',
    message: `The shipping address (${addressLabel(address)}) was rejected: ${reason}. The order cannot ship to it; the customer must give another address.`,
    retryable: false,
    details: { country: address.country },
  };
}

export function outOfStock(shortages: { sku: string; requested: number; available: number }[]): ServiceError {
  const listed = shortages.map((s) => `${s.sku} (requested ${s.requested}, available ${s.available})`).join(', ');
  return {
    code: 'out_of_stock',
    message: `Not enough stock for ${listed}. Nothing was reserved.`,
    retryable: false,
    details: { skus: shortages.map((s) => s.sku), shortages },
  };
}

export function idempotencyConflict(key: string, firstUse: string): ServiceError {
  return {
    code: 'idempotency_conflict',
    message: `The idempotency key "${key}" was already used for a different request (${firstUse}). Use a new key for a new request, or repeat the first request exactly.`,
    retryable: false,
    details: { idempotencyKey: key },
  };
}
