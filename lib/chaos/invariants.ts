import type { PrismaClient } from '@/lib/db/client';
import { assessOrder } from '@/lib/checkout/settle-order';

export interface InvariantReport {
  ordersChecked: number;
  violations: { orderId?: string; sku?: string; violation: string }[];
}

/**
 * The business invariants over the whole store: stock never negative, reserved within
 * stock and equal to the held reservations; per order, at most one capture, no label
 * without a capture, nothing held or charged for a failed order.
 */
export async function auditStore(db: PrismaClient, orderIds?: string[]): Promise<InvariantReport> {
  const violations: InvariantReport['violations'] = [];
  const products = await db.product.findMany({ include: { reservations: { where: { status: 'held' } } } });
  for (const p of products) {
    if (p.stock < 0) violations.push({ sku: p.sku, violation: `negative stock ${p.stock}` });
    if (p.reserved < 0 || p.reserved > p.stock)
      violations.push({ sku: p.sku, violation: `reserved ${p.reserved} outside 0..${p.stock}` });
    const held = p.reservations.reduce((s, r) => s + r.quantity, 0);
    if (held !== p.reserved)
      violations.push({ sku: p.sku, violation: `reserved ${p.reserved} but held reservations sum to ${held}` });
  }
  const ids =
    orderIds ??
    (await db.order.findMany({ where: { status: { not: 'pending' } }, select: { id: true } })).map((o) => o.id);
  for (const id of ids) {
    const state = await assessOrder(db, id);
    for (const violation of state.violations) violations.push({ orderId: id, violation });
  }
  return { ordersChecked: ids.length, violations };
}
