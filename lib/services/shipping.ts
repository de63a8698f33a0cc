/**
 * ShippingService: quotes, labels and holds, to the order's customer address.
 * Invariants, inside one transaction per call: no label without a successful capture
 * that is not fully refunded; at most one active label per order.
 */
import { z } from 'zod';
import type { Shipment } from '@/lib/db/generated/client';
import { CARRIERS, type Carrier } from '@/lib/faults/catalog';
import { hashString } from '@/lib/runtime/random';
import { nowDate, type ServiceContext } from './context';
import { addressLabel, addressRejected, badRequest, invalidState, notFound, type Address } from './errors';
import { withAlteredId } from './corruptions';
import { addressOf, id, loadOrder, orderScope, otherCustomer } from './lookups';
import { defineOperation, type Reshaped } from './operation';
import { inTransaction, type Tx } from './transaction';
import { fail, ok, type ServiceResult } from './types';

export const SHIPPING_ZONES = ['US', 'CA', 'GB', 'IE', 'NL', 'DE', 'FR', 'BE', 'ES', 'IT'] as const;

/** Base rates from the US warehouse: domestic price and days; farther zones cost and take more. */
const RATES: Record<Carrier, { service: string; baseCents: number; etaDays: number }[]> = {
  ups: [
    { service: 'ground', baseCents: 899, etaDays: 5 },
    { service: 'express', baseCents: 2499, etaDays: 2 },
  ],
  fedex: [
    { service: 'ground', baseCents: 949, etaDays: 4 },
    { service: 'express', baseCents: 2799, etaDays: 1 },
  ],
  dhl: [{ service: 'express', baseCents: 2299, etaDays: 3 }],
};
const PER_EXTRA_UNIT_CENTS = 150;
const TRACKING_PREFIX: Record<Carrier, string> = { ups: '1Z', fedex: '7', dhl: 'JD' };

// Typed as plain strings for callers (model output), checked against the list at run time.
const carrier = z.string().pipe(z.enum(CARRIERS));
const quoteInput = z.object({ orderId: id, carrier: carrier.optional() }).strict();
const labelInput = z.object({ orderId: id, carrier, service: z.string().trim().min(1).max(32).optional() }).strict();
const cancelInput = z.object({ orderId: id, labelId: id }).strict();
const holdInput = z.object({ orderId: id, reason: z.string().trim().min(1).max(500) }).strict();

export interface Quote {
  carrier: Carrier;
  service: string;
  costCents: number;
  etaDays: number;
}
export interface QuoteValue {
  orderId: string;
  address: Address;
  quotes: Quote[];
}
export interface LabelValue {
  shipmentId: string;
  labelId: string;
  trackingNo: string;
  carrier: string;
  service: string;
  address: Address;
  costCents: number;
}
export interface CancelLabelValue {
  labelId: string;
  status: 'cancelled';
}
export interface HoldValue {
  shipmentId: string;
  status: 'held';
  reason: string;
}

function zoneProblem(address: Address) {
  return (SHIPPING_ZONES as readonly string[]).includes(address.country)
    ? null
    : addressRejected(address, `${address.country} is outside our shipping zones (${SHIPPING_ZONES.join(', ')})`);
}

function quotesFor(country: string, units: number, only?: Carrier): Quote[] {
  const [factor, extraDays] = country === 'US' ? [1, 0] : country === 'CA' ? [1.5, 1] : [2.5, 3];
  return (only ? [only] : CARRIERS).flatMap((c) =>
    RATES[c].map((rate) => ({
      carrier: c,
      service: rate.service,
      costCents: Math.round(rate.baseCents * factor) + PER_EXTRA_UNIT_CENTS * Math.max(0, units - 1),
      etaDays: rate.etaDays + extraDays,
    })),
  );
}

const labelValue = (s: Shipment): LabelValue => ({
  shipmentId: s.id,
  labelId: s.labelId ?? '',
  trackingNo: s.trackingNo ?? '',
  carrier: s.carrier,
  service: s.service,
  address: addressOf(s),
  costCents: s.costCents,
});

/** Is the order paid (captured and not fully refunded)? An error says why not. */
async function paidProblem(tx: Tx, orderId: string) {
  const capture = await tx.payment.findFirst({ where: { orderId, kind: 'capture', status: 'succeeded' } });
  if (!capture) return invalidState(`Order ${orderId} has no captured payment; capture the payment first.`);
  const refunded = await tx.payment.aggregate({
    where: { parentId: capture.id, kind: 'refund', status: 'succeeded' },
    _sum: { amountCents: true },
  });
  if ((refunded._sum.amountCents ?? 0) >= capture.amountCents)
    return invalidState(`The payment of order ${orderId} was fully refunded; it will not ship.`);
  return null;
}

export function createShippingService(ctx: ServiceContext) {
  const { db } = ctx;

  /** A reply that shows another customer's address. */
  async function withOtherAddress<V extends { address: Address }>(
    value: V,
    customerId: string,
  ): Promise<Reshaped<V> | null> {
    const other = await otherCustomer(db, customerId);
    if (!other) return null;
    const shown = addressOf(other);
    return {
      value: { ...value, address: shown },
      detail: `address ${addressLabel(value.address)} shown as ${addressLabel(shown)}`,
    };
  }
  const customerOf = async (orderId: string) =>
    (await db.order.findUnique({ where: { id: orderId }, select: { customerId: true } }))?.customerId ?? '';

  async function quote(orderId: string, only?: Carrier): Promise<ServiceResult<QuoteValue>> {
    const order = await loadOrder(db, orderId);
    if (!order) return fail(notFound('order', orderId));
    const address = addressOf(order.customer);
    const rejected = zoneProblem(address);
    if (rejected) return fail(rejected);
    const units = order.items.reduce((n, item) => n + item.quantity, 0);
    return ok({ orderId, address, quotes: quotesFor(address.country, units, only) });
  }

  const createLabel = (input: z.output<typeof labelInput>) =>
    inTransaction(db, async (tx): Promise<ServiceResult<LabelValue>> => {
      const order = await loadOrder(tx, input.orderId);
      if (!order) return fail(notFound('order', input.orderId));
      // The active label and a held shipment in one read (a label is made for the held one).
      const open = await tx.shipment.findMany({
        where: { orderId: order.id, status: { in: ['label_created', 'held'] } },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      });
      const active = open.find((s) => s.status === 'label_created');
      if (active) {
        // The same request again (a retry after a lost reply) gets the label it made; another carrier
        // or service is a different label, which needs this one cancelled first.
        const sameLabel =
          active.carrier === input.carrier && (input.service === undefined || input.service === active.service);
        if (sameLabel) return ok(labelValue(active));
        return fail(
          invalidState(
            `Order ${order.id} already has an active ${active.carrier} ${active.service} label (${active.labelId}); cancel it before creating a ${input.carrier} label.`,
            { orderId: order.id, labelId: active.labelId, carrier: active.carrier, service: active.service },
          ),
        );
      }
      const address = addressOf(order.customer);
      const rejected = zoneProblem(address);
      if (rejected) return fail(rejected);
      const offered = RATES[input.carrier].map((r) => r.service);
      const service = input.service ?? offered[0];
      if (!offered.includes(service))
        return fail(badRequest('service', `${input.carrier} offers ${offered.join(', ')}, not "${service}".`));
      const unpaid = await paidProblem(tx, order.id);
      if (unpaid) return fail(unpaid);

      const units = order.items.reduce((n, item) => n + item.quantity, 0);
      const costCents = quotesFor(address.country, units, input.carrier).find((q) => q.service === service)!.costCents;
      const labelId = ctx.ids('lbl');
      const label = {
        carrier: input.carrier,
        service,
        labelId,
        costCents,
        status: 'label_created',
        ...address,
        trackingNo: `${TRACKING_PREFIX[input.carrier]}${String(hashString(labelId)).padStart(10, '0')}`,
        updatedAt: nowDate(ctx),
      };
      // A shipment held earlier gets its label; otherwise a new one is made.
      const held = open.find((s) => s.status === 'held');
      const row = held
        ? await tx.shipment.update({ where: { id: held.id }, data: label })
        : await tx.shipment.create({
            data: { id: ctx.ids('shp'), orderId: order.id, ...label, createdAt: nowDate(ctx) },
          });
      return ok(labelValue(row));
    });

  const cancelLabel = (input: z.output<typeof cancelInput>) =>
    inTransaction(db, async (tx): Promise<ServiceResult<CancelLabelValue>> => {
      const shipment = await tx.shipment.findUnique({ where: { labelId: input.labelId } });
      if (!shipment || shipment.orderId !== input.orderId)
        return fail(notFound(`label of order ${input.orderId}`, input.labelId));
      if (shipment.status === 'label_created') {
        await tx.shipment.update({
          where: { id: shipment.id },
          data: { status: 'cancelled', updatedAt: nowDate(ctx) },
        });
      }
      return ok({ labelId: input.labelId, status: 'cancelled' });
    });

  const holdShipment = (input: z.output<typeof holdInput>) =>
    inTransaction(db, async (tx): Promise<ServiceResult<HoldValue>> => {
      const order = await loadOrder(tx, input.orderId);
      if (!order) return fail(notFound('order', input.orderId));
      const existing = await tx.shipment.findFirst({
        where: { orderId: order.id, status: { in: ['held', 'label_created'] } },
      });
      if (existing?.status === 'label_created') {
        return fail(
          invalidState(
            `Order ${order.id} already has label ${existing.labelId}; cancel it before holding the shipment.`,
            { labelId: existing.labelId },
          ),
        );
      }
      if (existing) return ok({ shipmentId: existing.id, status: 'held', reason: input.reason });
      const unpaid = await paidProblem(tx, order.id);
      if (unpaid) return fail(unpaid);
      const now = nowDate(ctx);
      const row = await tx.shipment.create({
        data: {
          id: ctx.ids('shp'),
          orderId: order.id,
          carrier: 'none',
          service: 'hold',
          status: 'held',
          ...addressOf(order.customer),
          createdAt: now,
          updatedAt: now,
        },
      });
      return ok({ shipmentId: row.id, status: 'held', reason: input.reason });
    });

  return {
    quote: defineOperation(ctx, {
      service: 'shipping',
      operation: 'quote',
      input: quoteInput,
      scope: async (input) => ({ ...(await orderScope(db, input.orderId)), carrier: input.carrier }),
      run: (input) => quote(input.orderId, input.carrier),
      reshape: { corrupted_reply: async (value) => withOtherAddress(value, await customerOf(value.orderId)) },
    }),

    createLabel: defineOperation(ctx, {
      service: 'shipping',
      operation: 'createLabel',
      input: labelInput,
      scope: async (input) => ({ ...(await orderScope(db, input.orderId)), carrier: input.carrier }),
      run: createLabel,
      reshape: {
        corrupted_reply: async (value, _decision, input) => withOtherAddress(value, await customerOf(input.orderId)),
      },
    }),

    cancelLabel: defineOperation(ctx, {
      service: 'shipping',
      operation: 'cancelLabel',
      input: cancelInput,
      scope: async (input) => {
        const shipment = await db.shipment.findUnique({ where: { labelId: input.labelId }, select: { carrier: true } });
        return { ...(await orderScope(db, input.orderId)), carrier: shipment?.carrier };
      },
      run: cancelLabel,
      reshape: {
        corrupted_reply: (value) => withAlteredId(value, 'labelId'),
      },
    }),

    holdShipment: defineOperation(ctx, {
      service: 'shipping',
      operation: 'holdShipment',
      input: holdInput,
      scope: (input) => orderScope(db, input.orderId),
      run: holdShipment,
      reshape: {
        corrupted_reply: (value) => withAlteredId(value, 'shipmentId'),
      },
    }),
  };
}

export type ShippingService = ReturnType<typeof createShippingService>;
