import type { PrismaClient } from '@/lib/db/client';
import type { OrderDetails } from '@/lib/wire/orders';

/**
 * The order's final state as a person checks it after a run: what was bought, what
 * stock is held or sold, what the gateway did, what ships and what the customer was told.
 * Plain JSON (dates as ISO strings) in the shape GET /api/orders/:id sends (lib/wire/orders.ts).
 */
export type { OrderDetails } from '@/lib/wire/orders';

const iso = (d: Date): string => d.toISOString();

/** Loads one order with everything that hangs off it, or null when there is no such order. */
export async function getOrderDetails(db: PrismaClient, orderId: string): Promise<OrderDetails | null> {
  const row = await db.order.findUnique({
    where: { id: orderId },
    include: {
      customer: { select: { name: true } },
      items: { include: { product: { select: { name: true } } }, orderBy: { sku: 'asc' } },
      reservations: { include: { product: { select: { sku: true } } }, orderBy: { createdAt: 'asc' } },
      payments: { include: { paymentMethod: { select: { brand: true, last4: true } } }, orderBy: { createdAt: 'asc' } },
      shipments: { orderBy: { createdAt: 'asc' } },
      notifications: { orderBy: { createdAt: 'asc' } },
      runs: { select: { id: true, mode: true, status: true }, orderBy: { startedAt: 'asc' } },
    },
  });
  if (!row) return null;
  return {
    order: {
      id: row.id,
      customerId: row.customerId,
      customerName: row.customer.name,
      status: row.status,
      totalCents: row.totalCents,
      currency: row.currency,
      mode: row.mode,
      outcome: row.outcome,
      needsReview: row.needsReview,
      createdAt: iso(row.createdAt),
      updatedAt: iso(row.updatedAt),
    },
    items: row.items.map((i) => ({
      id: i.id,
      sku: i.sku,
      productName: i.product.name,
      quantity: i.quantity,
      unitPriceCents: i.unitPriceCents,
    })),
    reservations: row.reservations.map((r) => ({
      id: r.id,
      sku: r.product.sku,
      quantity: r.quantity,
      status: r.status,
      updatedAt: iso(r.updatedAt),
    })),
    payments: row.payments.map((p) => ({
      id: p.id,
      kind: p.kind,
      amountCents: p.amountCents,
      status: p.status,
      errorCode: p.errorCode,
      paymentMethodId: p.paymentMethodId,
      card: p.paymentMethod ? `${p.paymentMethod.brand} ··${p.paymentMethod.last4}` : null,
      parentId: p.parentId,
      createdAt: iso(p.createdAt),
    })),
    shipments: row.shipments.map((s) => ({
      id: s.id,
      carrier: s.carrier,
      service: s.service,
      status: s.status,
      trackingNo: s.trackingNo,
      labelId: s.labelId,
      costCents: s.costCents,
      address: [s.addressLine, s.city, s.postalCode, s.country].filter(Boolean).join(', '),
      createdAt: iso(s.createdAt),
    })),
    notifications: row.notifications.map((n) => ({
      id: n.id,
      channel: n.channel,
      to: n.to,
      subject: n.subject,
      body: n.body,
      createdAt: iso(n.createdAt),
    })),
    runs: row.runs,
  };
}
