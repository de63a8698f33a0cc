import type { PrismaClient } from '@/lib/db/client';
import type { OwnershipReader } from './run-scope';

/** The OwnershipReader over the database: one indexed lookup per question, reads only. */
export function prismaOwnershipReader(db: PrismaClient): OwnershipReader {
  return {
    payment: (id) => db.payment.findUnique({ where: { id }, select: { orderId: true, kind: true, status: true } }),
    paymentByKey: (idempotencyKey) => db.payment.findUnique({ where: { idempotencyKey }, select: { orderId: true } }),
    async paymentTotals(orderId) {
      const sums = await db.payment.groupBy({
        by: ['kind'],
        where: { orderId, status: 'succeeded', kind: { in: ['capture', 'refund'] } },
        _sum: { amountCents: true },
      });
      const sum = (kind: string) => sums.find((s) => s.kind === kind)?._sum.amountCents ?? 0;
      return { capturedCents: sum('capture'), refundedCents: sum('refund') };
    },
    shipmentByLabel: (labelId) => db.shipment.findUnique({ where: { labelId }, select: { orderId: true } }),
    paymentMethod: (id) => db.paymentMethod.findUnique({ where: { id }, select: { customerId: true } }),
    cardRequest: (id) => db.cardRequest.findUnique({ where: { id }, select: { customerId: true } }),
    notification: (id) => db.notification.findUnique({ where: { id }, select: { customerId: true, orderId: true } }),
  };
}
