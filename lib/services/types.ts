import type { ToolCallRef } from '@/lib/runtime/tool-span';
/**
 * The contract every microservice keeps: typed results, typed errors a model can
 * reason about, and a way to report injected faults that knows nothing of the trace.
 */

export type ServiceName = 'inventory' | 'payment' | 'shipping' | 'notification' | 'customer';

/** Stable error codes. Real failures and injected faults use the same codes. */
export const SERVICE_ERROR_CODES = [
  'invalid_input', // the request itself is wrong (a zod failure): not retryable
  'not_found',
  'invalid_state', // e.g. capture without authorization, label without capture
  'idempotency_conflict', // same key, other body
  'card_declined',
  'insufficient_funds',
  'fraud_hold',
  'card_expired',
  'gateway_timeout', // retryable; the outcome may be unknown
  'server_error', // 5xx, retryable
  'rate_limited', // retryable after retryAfterMs
  'out_of_stock',
  'service_unavailable', // the service is down, retryable later
  'carrier_outage',
  'address_rejected',
  'provider_down',
] as const;
export type ServiceErrorCode = (typeof SERVICE_ERROR_CODES)[number];

export interface ServiceError {
  code: ServiceErrorCode;
  /** A sentence a model (or a person) can reason about. */
  message: string;
  retryable: boolean;
  /** Honour this before retrying (rate limits, outages). */
  retryAfterMs?: number;
  details?: Record<string, unknown>;
}

export type ServiceResult<T> = { ok: true; value: T } | { ok: false; error: ServiceError };

export const ok = <T>(value: T): ServiceResult<T> => ({ ok: true, value });
export const fail = <T = never>(error: ServiceError): ServiceResult<T> => ({ ok: false, error });

/** What a service tells whoever listens (the trace recorder, in the app) when a fault rule fires. */
export interface FaultInjectedReport {
  ruleId: string;
  ruleName: string;
  service: ServiceName;
  operation: string;
  kind: string;
  /** What the caller saw: the error code, or "corrupted"/"latency"/"ambiguous_success". */
  effect: string;
  /** What happened underneath, for a person reading the trace ("amountCents 12900 shown as 11610"). */
  detail?: string;
}

export interface FaultReporter {
  /** `call`: the tool call the fault fired in (its span is where the trace shows it); absent outside a run's tools. */
  faultInjected(report: FaultInjectedReport, call?: ToolCallRef): void | Promise<void>;
}

export const silentFaultReporter: FaultReporter = { faultInjected: () => {} };
