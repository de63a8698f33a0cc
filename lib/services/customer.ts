/**
 * CustomerService: profiles, cards, and requests for a new card. A requested card
 * appears lazily: whoever looks after its availableAt (by the run's clock) fulfils it,
 * once, inside a transaction.
 */
import { z } from 'zod';
import type { CardRequest, PaymentMethod } from '@/lib/db/generated/client';
import { hashString } from '@/lib/runtime/random';
import { nowDate, type ServiceContext } from './context';
import { addressLabel, badRequest, notFound, type Address } from './errors';
import { withAlteredId } from './corruptions';
import { addressOf, id, otherCustomer } from './lookups';
import { defineOperation } from './operation';
import { inTransaction, type Tx } from './transaction';
import { fail, ok, type ServiceResult } from './types';

const customerInput = z.object({ customerId: id }).strict();
const requestInput = z.object({ customerId: id, orderId: id.optional() }).strict();
const checkInput = z.object({ requestId: id }).strict();

/** Where a request that will never be fulfilled (newCardDelayMs = Infinity) is parked. */
const NEVER = Date.UTC(9999, 11, 31);

export interface ProfileValue {
  id: string;
  name: string;
  email: string;
  phone: string;
  address: Address;
  addressNote: string;
}
export interface PaymentMethodView {
  id: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  role: string;
  status: string;
}
export interface PaymentMethodsValue {
  customerId: string;
  methods: PaymentMethodView[];
}
export interface CardRequestValue {
  requestId: string;
  status: 'pending';
  /** ISO time the card appears; null if it never will. */
  availableAt: string | null;
}
export type CardRequestStatusValue = { requestId: string; status: 'pending' | 'fulfilled'; paymentMethodId?: string };

/** What the card looks like to a caller: never its test behaviour; an active card past its expiry is shown expired. */
function methodView(card: PaymentMethod, now: number): PaymentMethodView {
  const lapsed = card.status === 'active' && now >= Date.UTC(card.expYear, card.expMonth, 1);
  return {
    id: card.id,
    brand: card.brand,
    last4: card.last4,
    expMonth: card.expMonth,
    expYear: card.expYear,
    role: card.role,
    status: lapsed ? 'expired' : card.status,
  };
}

const requestStatus = (r: CardRequest): CardRequestStatusValue =>
  r.status === 'fulfilled' && r.paymentMethodId
    ? { requestId: r.id, status: 'fulfilled', paymentMethodId: r.paymentMethodId }
    : { requestId: r.id, status: 'pending' };

export function createCustomerService(ctx: ServiceContext) {
  const { db } = ctx;

  /**
   * Fulfils the due requests among `where`: each gets an active, approving backup card whose id derives from the
   * request. Its last four digits derive from the customer and how many cards they have, not from the request's id
   * (minted per run and store), so the same run shows the same card on any store and in its re-run.
   */
  async function fulfilDue(tx: Tx, where: { customerId?: string; id?: string }): Promise<void> {
    const now = nowDate(ctx);
    const due = await tx.cardRequest.findMany({
      where: { ...where, status: 'pending', availableAt: { lte: now } },
      orderBy: { id: 'asc' },
    });
    for (const request of due) {
      const paymentMethodId = `pm_${request.id}`;
      const claimed = await tx.cardRequest.updateMany({
        where: { id: request.id, status: 'pending' },
        data: { status: 'fulfilled', paymentMethodId, fulfilledAt: now },
      });
      if (claimed.count === 0) continue;
      const cardsHeld = await tx.paymentMethod.count({ where: { customerId: request.customerId } });
      await tx.paymentMethod.create({
        data: {
          id: paymentMethodId,
          customerId: request.customerId,
          brand: 'visa',
          last4: String(hashString(`${request.customerId}#${cardsHeld + 1}`) % 10_000).padStart(4, '0'),
          expMonth: now.getUTCMonth() + 1,
          expYear: now.getUTCFullYear() + 4,
          role: 'backup',
          status: 'active',
          behavior: 'approve',
          createdAt: now,
        },
      });
    }
  }

  async function getProfile(customerId: string): Promise<ServiceResult<ProfileValue>> {
    const c = await db.customer.findUnique({ where: { id: customerId } });
    if (!c) return fail(notFound('customer', customerId));
    return ok({
      id: c.id,
      name: c.name,
      email: c.email,
      phone: c.phone,
      address: addressOf(c),
      addressNote: c.addressNote,
    });
  }

  const listPaymentMethods = (customerId: string) =>
    inTransaction(db, async (tx): Promise<ServiceResult<PaymentMethodsValue>> => {
      if (!(await tx.customer.findUnique({ where: { id: customerId }, select: { id: true } })))
        return fail(notFound('customer', customerId));
      await fulfilDue(tx, { customerId });
      const cards = await tx.paymentMethod.findMany({
        where: { customerId },
        orderBy: [{ role: 'desc' }, { createdAt: 'asc' }, { id: 'asc' }],
      });
      return ok({ customerId, methods: cards.map((card) => methodView(card, ctx.clock.now())) });
    });

  const requestNewCard = (input: z.output<typeof requestInput>) =>
    inTransaction(db, async (tx): Promise<ServiceResult<CardRequestValue>> => {
      if (!(await tx.customer.findUnique({ where: { id: input.customerId }, select: { id: true } })))
        return fail(notFound('customer', input.customerId));
      if (input.orderId) {
        const order = await tx.order.findUnique({ where: { id: input.orderId }, select: { customerId: true } });
        if (!order) return fail(notFound('order', input.orderId));
        if (order.customerId !== input.customerId)
          return fail(badRequest('orderId', `order ${input.orderId} belongs to another customer.`));
      }
      await fulfilDue(tx, { customerId: input.customerId });
      // One open request per customer: asking again answers with the one already open.
      const open = await tx.cardRequest.findFirst({
        where: { customerId: input.customerId, status: 'pending' },
        orderBy: { id: 'asc' },
      });
      const now = ctx.clock.now();
      const request =
        open ??
        (await tx.cardRequest.create({
          data: {
            id: ctx.ids('cardreq'),
            customerId: input.customerId,
            orderId: input.orderId ?? null,
            status: 'pending',
            availableAt: new Date(Number.isFinite(ctx.newCardDelayMs) ? now + ctx.newCardDelayMs : NEVER),
            createdAt: new Date(now),
          },
        }));
      const at = request.availableAt.getTime();
      return ok({
        requestId: request.id,
        status: 'pending',
        availableAt: at >= NEVER ? null : request.availableAt.toISOString(),
      });
    });

  const checkCardRequest = (requestId: string) =>
    inTransaction(db, async (tx): Promise<ServiceResult<CardRequestStatusValue>> => {
      await fulfilDue(tx, { id: requestId });
      const request = await tx.cardRequest.findUnique({ where: { id: requestId } });
      return request ? ok(requestStatus(request)) : fail(notFound('card request', requestId));
    });

  const customerScope = async (input: { customerId: string }) => ({ customerId: input.customerId });

  return {
    getProfile: defineOperation(ctx, {
      service: 'customer',
      operation: 'getProfile',
      input: customerInput,
      scope: customerScope,
      run: (input) => getProfile(input.customerId),
      reshape: {
        corrupted_reply: async (value) => {
          const other = await otherCustomer(db, value.id);
          if (!other) return null;
          const shown = addressOf(other);
          return {
            value: { ...value, address: shown },
            detail: `address ${addressLabel(value.address)} shown as ${addressLabel(shown)}`,
          };
        },
      },
    }),

    listPaymentMethods: defineOperation(ctx, {
      service: 'customer',
      operation: 'listPaymentMethods',
      input: customerInput,
      scope: customerScope,
      run: (input) => listPaymentMethods(input.customerId),
      reshape: {
        corrupted_reply: (value) => {
          const [first, ...rest] = value.methods;
          if (!first) return null;
          const shown = first.status === 'active' ? 'expired' : 'active';
          return {
            value: { ...value, methods: [{ ...first, status: shown }, ...rest] },
            detail: `card ${first.id} status ${first.status} shown as ${shown}`,
          };
        },
      },
    }),

    requestNewCard: defineOperation(ctx, {
      service: 'customer',
      operation: 'requestNewCard',
      input: requestInput,
      scope: customerScope,
      run: requestNewCard,
      reshape: { corrupted_reply: (value) => withAlteredId(value, 'requestId') },
    }),

    checkCardRequest: defineOperation(ctx, {
      service: 'customer',
      operation: 'checkCardRequest',
      input: checkInput,
      scope: async (input) => {
        const request = await db.cardRequest.findUnique({
          where: { id: input.requestId },
          select: { customerId: true },
        });
        return request ? { customerId: request.customerId } : {};
      },
      run: (input) => checkCardRequest(input.requestId),
      reshape: {
        corrupted_reply: (value) =>
          value.status === 'fulfilled' && value.paymentMethodId
            ? withAlteredId({ ...value, paymentMethodId: value.paymentMethodId }, 'paymentMethodId')
            : null,
      },
    }),
  };
}

export type CustomerService = ReturnType<typeof createCustomerService>;
