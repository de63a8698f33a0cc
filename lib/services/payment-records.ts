/**
 * The payment ledger, the Stripe way: one Payment row per gateway operation under its
 * idempotency key, with a hash of the request. The same key and body replays the first
 * answer (success or decline) from the row; the same key with another body is a conflict.
 */
import { createHash } from 'node:crypto';
import type { PrismaClient } from '@/lib/db/client';
import type { Payment, PaymentMethod } from '@/lib/db/generated/client';
import {
  cardDeclined,
  cardExpired,
  fraudHold,
  idempotencyConflict,
  insufficientFunds,
  invalidState,
  type CardRef,
} from './errors';
import type { FaultScope } from './fault-effects';
import { cardOf } from './lookups';
import type { Tx } from './transaction';
import { fail, type ServiceError, type ServiceResult } from './types';

export type PaymentKind = 'authorization' | 'capture' | 'void' | 'refund';
export type PaymentRow = Payment & { paymentMethod: PaymentMethod | null };

const OPERATION_OF: Record<PaymentKind, string> = {
  authorization: 'authorize',
  capture: 'capture',
  void: 'void',
  refund: 'refund',
};

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

/** The request's fingerprint: the operation and its body without the key, keys sorted. */
export function requestHash(kind: PaymentKind, input: { idempotencyKey: string }): string {
  const { idempotencyKey: _key, ...body } = input;
  return createHash('sha256')
    .update(JSON.stringify(canonical({ kind, body })))
    .digest('hex');
}

export function findByKey(db: PrismaClient | Tx, idempotencyKey: string): Promise<PaymentRow | null> {
  return db.payment.findUnique({ where: { idempotencyKey }, include: { paymentMethod: true } });
}

/** Why a card cannot pay, as its issuer would say; null when it can. */
export function cardProblem(card: PaymentMethod, now: number): ServiceError | null {
  const ref = cardOf(card);
  // A card is good through the last day of its expiry month.
  if (card.status === 'expired' || now >= Date.UTC(card.expYear, card.expMonth, 1)) return cardExpired(ref);
  if (card.status === 'disabled' || card.behavior === 'decline') return cardDeclined(ref);
  if (card.behavior === 'insufficient_funds') return insufficientFunds(ref);
  return null;
}

const ERROR_REBUILDERS: Record<string, (card: CardRef) => ServiceError> = {
  card_declined: cardDeclined,
  card_expired: cardExpired,
  insufficient_funds: insufficientFunds,
  fraud_hold: fraudHold,
};

/** The decline a failed row recorded, worded exactly as it was the first time. */
export function recordedError(row: PaymentRow): ServiceError {
  const rebuild = row.errorCode ? ERROR_REBUILDERS[row.errorCode] : undefined;
  if (rebuild && row.paymentMethod) return rebuild(cardOf(row.paymentMethod));
  return invalidState(`Payment ${row.id} failed (${row.errorCode ?? 'unknown error'}).`);
}

/**
 * The answer already on record for this key, or null if the key is new. Called before
 * faults (a replay never reaches the gateway) and again inside the writing transaction
 * (two concurrent calls with one key: the second replays the first).
 */
export async function replayed<T>(
  db: PrismaClient | Tx,
  kind: PaymentKind,
  input: { idempotencyKey: string },
  answer: (row: PaymentRow) => ServiceResult<T>,
): Promise<ServiceResult<T> | null> {
  const row = await findByKey(db, input.idempotencyKey);
  if (!row) return null;
  if (row.kind !== kind || row.requestHash !== requestHash(kind, input)) {
    return fail(
      idempotencyConflict(
        input.idempotencyKey,
        `payment.${OPERATION_OF[row.kind as PaymentKind] ?? row.kind} of ${row.amountCents} cents for order ${row.orderId}`,
      ),
    );
  }
  return answer(row);
}

/** The scope of a call about an existing payment (a capture's authorization, a refund's capture). */
export async function paymentScope(db: PrismaClient, paymentId: string): Promise<FaultScope> {
  const row = await db.payment.findUnique({
    where: { id: paymentId },
    include: { paymentMethod: true, order: { select: { customerId: true } } },
  });
  if (!row) return {};
  const card = row.paymentMethod;
  return {
    customerId: row.order.customerId,
    ...(card ? { paymentMethodId: card.id, cardRole: card.role, card: cardOf(card) } : {}),
  };
}
