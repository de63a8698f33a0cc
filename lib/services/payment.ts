/**
 * PaymentService: a test card gateway over the Payment ledger. Invariants, kept inside
 * one transaction per call: at most one successful capture per order, ever; a capture
 * only of a live (not voided) authorization and never above it; a void only of an
 * authorization that was neither captured nor voided; refunds never above the capture.
 */
import { z } from 'zod';
import { nowDate, type ServiceContext } from './context';
import { withAlteredId, withShavedAmount } from './corruptions';
import type { Payment } from '@/lib/db/generated/client';
import { cardOf, id } from './lookups';
import { badRequest, cardLabel, invalidState, notFound } from './errors';
import { defineOperation, type Reshaped } from './operation';
import {
  cardProblem,
  findByKey,
  paymentScope,
  recordedError,
  replayed,
  requestHash,
  type PaymentKind,
  type PaymentRow,
} from './payment-records';
import { inTransaction, type Tx } from './transaction';
import { fail, ok, type ServiceError, type ServiceResult } from './types';

const key = z.string().trim().min(1).max(255);
const cents = z.int().min(1).max(100_000_000);

const authorizeInput = z.object({ orderId: id, paymentMethodId: id, amountCents: cents, idempotencyKey: key }).strict();
const captureInput = z.object({ orderId: id, authorizationId: id, amountCents: cents, idempotencyKey: key }).strict();
const voidInput = z.object({ orderId: id, authorizationId: id, idempotencyKey: key }).strict();
const refundInput = z.object({ orderId: id, captureId: id, amountCents: cents, idempotencyKey: key }).strict();
const statusInput = z.object({ idempotencyKey: key }).strict();

export interface AuthorizeValue {
  authorizationId: string;
  orderId: string;
  paymentMethodId: string;
  amountCents: number;
  status: 'authorized';
  card: { brand: string; last4: string };
}
export interface CaptureValue {
  captureId: string;
  authorizationId: string;
  orderId: string;
  amountCents: number;
  status: 'captured';
}
export interface VoidValue {
  voidId: string;
  authorizationId: string;
  status: 'voided';
}
export interface RefundValue {
  refundId: string;
  captureId: string;
  amountCents: number;
  status: 'refunded';
}
export type StatusValue =
  | { found: false }
  | {
      found: true;
      kind: PaymentKind;
      status: 'succeeded' | 'failed';
      paymentId: string;
      orderId: string;
      amountCents: number;
      errorCode?: string;
    };

const authorizationAnswer = (row: PaymentRow): ServiceResult<AuthorizeValue> =>
  row.status === 'succeeded' && row.paymentMethod
    ? ok({
        authorizationId: row.id,
        orderId: row.orderId,
        paymentMethodId: row.paymentMethod.id,
        amountCents: row.amountCents,
        status: 'authorized',
        card: { brand: row.paymentMethod.brand, last4: row.paymentMethod.last4 },
      })
    : fail(recordedError(row));

const captureAnswer = (row: Payment): ServiceResult<CaptureValue> =>
  ok({
    captureId: row.id,
    authorizationId: row.parentId ?? '',
    orderId: row.orderId,
    amountCents: row.amountCents,
    status: 'captured',
  });
const voidAnswer = (row: Payment): ServiceResult<VoidValue> =>
  ok({ voidId: row.id, authorizationId: row.parentId ?? '', status: 'voided' });
const refundAnswer = (row: Payment): ServiceResult<RefundValue> =>
  ok({ refundId: row.id, captureId: row.parentId ?? '', amountCents: row.amountCents, status: 'refunded' });

/** The authorization a capture or void names, checked against the order. */
async function liveAuthorization(tx: Tx, orderId: string, authorizationId: string): Promise<ServiceResult<PaymentRow>> {
  const auth = await tx.payment.findUnique({ where: { id: authorizationId }, include: { paymentMethod: true } });
  if (!auth || auth.kind !== 'authorization') return fail(notFound('authorization', authorizationId));
  if (auth.orderId !== orderId)
    return fail(
      badRequest('authorizationId', `authorization ${authorizationId} belongs to another order than ${orderId}.`),
    );
  if (auth.status !== 'succeeded')
    return fail(
      invalidState(`Authorization ${authorizationId} failed (${auth.errorCode}); there is nothing to capture or void.`),
    );
  const voided = await tx.payment.findFirst({ where: { parentId: auth.id, kind: 'void', status: 'succeeded' } });
  if (voided)
    return fail(
      invalidState(
        `Authorization ${authorizationId} was voided (${voided.id}); it can no longer be captured or voided.`,
        { voidId: voided.id },
      ),
    );
  return ok(auth);
}

export function createPaymentService(ctx: ServiceContext) {
  const { db } = ctx;

  async function insert(
    tx: Tx,
    data: {
      kind: PaymentKind;
      orderId: string;
      amountCents: number;
      idempotencyKey: string;
      requestHash: string;
      paymentMethodId: string | null;
      parentId?: string;
      error?: ServiceError;
    },
  ) {
    const prefix = { authorization: 'auth', capture: 'cap', void: 'void', refund: 'ref' }[data.kind];
    const { error, ...fields } = data;
    return tx.payment.create({
      data: {
        id: ctx.ids(prefix),
        ...fields,
        status: error ? 'failed' : 'succeeded',
        errorCode: error?.code ?? null,
        createdAt: nowDate(ctx),
      },
    });
  }

  type AuthorizeInput = z.output<typeof authorizeInput>;
  const authorize = (input: AuthorizeInput, forced?: ServiceError) =>
    inTransaction(db, async (tx): Promise<ServiceResult<AuthorizeValue>> => {
      const again = await replayed(tx, 'authorization', input, authorizationAnswer);
      if (again) return again;
      // Only the order's own columns: its customer and items are not needed to pay it (two queries fewer).
      const order = await tx.order.findUnique({
        where: { id: input.orderId },
        select: { id: true, customerId: true, totalCents: true, status: true },
      });
      if (!order) return fail(notFound('order', input.orderId));
      const card = await tx.paymentMethod.findUnique({ where: { id: input.paymentMethodId } });
      if (!card) return fail(notFound('payment method', input.paymentMethodId));
      if (card.customerId !== order.customerId) {
        return fail(
          badRequest(
            'paymentMethodId',
            `card ${cardLabel(card)} does not belong to the customer of order ${order.id}.`,
          ),
        );
      }
      if (input.amountCents !== order.totalCents) {
        return fail(
          badRequest(
            'amountCents',
            `must equal the order total, ${order.totalCents} cents (got ${input.amountCents}).`,
          ),
        );
      }
      if (order.status === 'cancelled' || order.status === 'failed') {
        return fail(invalidState(`Order ${order.id} is ${order.status}; it cannot be paid.`));
      }
      const error = forced ?? cardProblem(card, ctx.clock.now()) ?? undefined;
      const row = await insert(tx, {
        kind: 'authorization',
        orderId: order.id,
        amountCents: input.amountCents,
        idempotencyKey: input.idempotencyKey,
        requestHash: requestHash('authorization', input),
        paymentMethodId: card.id,
        error,
      });
      // The card was just read in this transaction: the new row's is not read back.
      return authorizationAnswer({ ...row, paymentMethod: card });
    });

  type CaptureInput = z.output<typeof captureInput>;
  const capture = (input: CaptureInput) =>
    inTransaction(db, async (tx): Promise<ServiceResult<CaptureValue>> => {
      const again = await replayed(tx, 'capture', input, captureAnswer);
      if (again) return again;
      const auth = await liveAuthorization(tx, input.orderId, input.authorizationId);
      if (!auth.ok) return auth;
      const captured = await tx.payment.findFirst({
        where: { orderId: input.orderId, kind: 'capture', status: 'succeeded' },
      });
      if (captured) {
        return fail(
          invalidState(
            `Order ${input.orderId} was already captured (${captured.id}, ${captured.amountCents} cents); an order is captured only once.`,
            { captureId: captured.id },
          ),
        );
      }
      if (input.amountCents > auth.value.amountCents) {
        return fail(
          badRequest(
            'amountCents',
            `${input.amountCents} cents is more than the ${auth.value.amountCents} cents authorized.`,
          ),
        );
      }
      const row = await insert(tx, {
        kind: 'capture',
        orderId: input.orderId,
        amountCents: input.amountCents,
        idempotencyKey: input.idempotencyKey,
        requestHash: requestHash('capture', input),
        paymentMethodId: auth.value.paymentMethodId,
        parentId: auth.value.id,
      });
      return captureAnswer(row);
    });

  type VoidInput = z.output<typeof voidInput>;
  const voidAuthorization = (input: VoidInput) =>
    inTransaction(db, async (tx): Promise<ServiceResult<VoidValue>> => {
      const again = await replayed(tx, 'void', input, voidAnswer);
      if (again) return again;
      const auth = await liveAuthorization(tx, input.orderId, input.authorizationId);
      if (!auth.ok) return auth;
      const captured = await tx.payment.findFirst({
        where: { parentId: auth.value.id, kind: 'capture', status: 'succeeded' },
      });
      if (captured) {
        return fail(
          invalidState(
            `Authorization ${input.authorizationId} was captured (${captured.id}); refund the capture instead of voiding.`,
            { captureId: captured.id },
          ),
        );
      }
      const row = await insert(tx, {
        kind: 'void',
        orderId: input.orderId,
        amountCents: auth.value.amountCents,
        idempotencyKey: input.idempotencyKey,
        requestHash: requestHash('void', input),
        paymentMethodId: auth.value.paymentMethodId,
        parentId: auth.value.id,
      });
      return voidAnswer(row);
    });

  type RefundInput = z.output<typeof refundInput>;
  const refund = (input: RefundInput) =>
    inTransaction(db, async (tx): Promise<ServiceResult<RefundValue>> => {
      const again = await replayed(tx, 'refund', input, refundAnswer);
      if (again) return again;
      const cap = await tx.payment.findUnique({ where: { id: input.captureId } });
      if (!cap || cap.kind !== 'capture' || cap.status !== 'succeeded')
        return fail(notFound('capture', input.captureId));
      if (cap.orderId !== input.orderId)
        return fail(
          badRequest('captureId', `capture ${input.captureId} belongs to another order than ${input.orderId}.`),
        );
      const refunded = await tx.payment.aggregate({
        where: { parentId: cap.id, kind: 'refund', status: 'succeeded' },
        _sum: { amountCents: true },
      });
      const left = cap.amountCents - (refunded._sum.amountCents ?? 0);
      if (input.amountCents > left) {
        return fail(
          invalidState(
            `Only ${left} of the ${cap.amountCents} cents captured by ${cap.id} can still be refunded (asked ${input.amountCents}).`,
            { refundableCents: left },
          ),
        );
      }
      const row = await insert(tx, {
        kind: 'refund',
        orderId: input.orderId,
        amountCents: input.amountCents,
        idempotencyKey: input.idempotencyKey,
        requestHash: requestHash('refund', input),
        paymentMethodId: cap.paymentMethodId,
        parentId: cap.id,
      });
      return refundAnswer(row);
    });

  async function status(idempotencyKey: string): Promise<ServiceResult<StatusValue>> {
    const row = await findByKey(db, idempotencyKey);
    if (!row) return ok({ found: false });
    return ok({
      found: true,
      kind: row.kind as PaymentKind,
      status: row.status === 'failed' ? 'failed' : 'succeeded',
      paymentId: row.id,
      orderId: row.orderId,
      amountCents: row.amountCents,
      ...(row.errorCode ? { errorCode: row.errorCode } : {}),
    });
  }

  /** A ledger operation: replayed by key before any fault, scoped by the payment it acts on. */
  const ledgerOperation = <S extends z.ZodObject<{ idempotencyKey: typeof key }>, T>(spec: {
    operation: string;
    kind: PaymentKind;
    input: S;
    answer: (row: PaymentRow) => ServiceResult<T>;
    actsOn: (input: z.output<S>) => string;
    run: (input: z.output<S>) => Promise<ServiceResult<T>>;
    corrupt: (value: T) => Reshaped<T>;
  }) =>
    defineOperation(ctx, {
      service: 'payment',
      operation: spec.operation,
      input: spec.input,
      replay: (input) => replayed(db, spec.kind, input, spec.answer),
      scope: (input) => paymentScope(db, spec.actsOn(input)),
      run: spec.run,
      reshape: { corrupted_reply: spec.corrupt },
    });

  return {
    authorize: defineOperation(ctx, {
      service: 'payment',
      operation: 'authorize',
      input: authorizeInput,
      replay: (input) => replayed(db, 'authorization', input, authorizationAnswer),
      scope: async (input) => {
        const [order, card] = await Promise.all([
          db.order.findUnique({ where: { id: input.orderId }, select: { customerId: true } }),
          db.paymentMethod.findUnique({ where: { id: input.paymentMethodId } }),
        ]);
        return {
          customerId: order?.customerId,
          paymentMethodId: input.paymentMethodId,
          cardRole: card?.role,
          card: card ? cardOf(card) : undefined,
        };
      },
      run: authorize,
      recordsInjected: ['decline', 'insufficient_funds', 'fraud_hold'],
      reshape: { corrupted_reply: withShavedAmount },
    }),

    capture: ledgerOperation({
      operation: 'capture',
      kind: 'capture',
      input: captureInput,
      answer: captureAnswer,
      actsOn: (input) => input.authorizationId,
      run: capture,
      corrupt: withShavedAmount,
    }),

    void: ledgerOperation({
      operation: 'void',
      kind: 'void',
      input: voidInput,
      answer: voidAnswer,
      actsOn: (input) => input.authorizationId,
      run: voidAuthorization,
      corrupt: (value) => withAlteredId(value, 'authorizationId'),
    }),

    refund: ledgerOperation({
      operation: 'refund',
      kind: 'refund',
      input: refundInput,
      answer: refundAnswer,
      actsOn: (input) => input.captureId,
      run: refund,
      corrupt: withShavedAmount,
    }),

    status: defineOperation(ctx, {
      service: 'payment',
      operation: 'status',
      input: statusInput,
      scope: async (input) => {
        const row = await findByKey(db, input.idempotencyKey);
        return row ? paymentScope(db, row.id) : {};
      },
      run: (input) => status(input.idempotencyKey),
      reshape: { corrupted_reply: (value) => (value.found ? withShavedAmount(value) : null) },
    }),
  };
}

export type PaymentService = ReturnType<typeof createPaymentService>;
