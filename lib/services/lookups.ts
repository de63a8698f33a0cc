/**
 * Reads several services share: an order with its customer and items, the scope a
 * fault rule is matched against, and the small shapes every reply uses.
 */
import { z } from 'zod';
import type { PrismaClient } from '@/lib/db/client';
import type { Address, CardRef } from './errors';
import type { FaultScope } from './fault-effects';
import type { Tx } from './transaction';

export const id = z.string().trim().min(1).max(100);
export const orderInput = z.object({ orderId: id }).strict();

export interface SkuQuantity {
  sku: string;
  quantity: number;
}

/** Sums quantities per SKU, keeping the order in which SKUs first appear. */
export function sumBySku(rows: readonly SkuQuantity[]): SkuQuantity[] {
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(row.sku, (totals.get(row.sku) ?? 0) + row.quantity);
  return [...totals].map(([sku, quantity]) => ({ sku, quantity }));
}

export function addressOf(row: Address): Address {
  return { addressLine: row.addressLine, city: row.city, postalCode: row.postalCode, country: row.country };
}

export function cardOf(row: CardRef): CardRef {
  return { id: row.id, brand: row.brand, last4: row.last4, expMonth: row.expMonth, expYear: row.expYear };
}

export function loadOrder(db: PrismaClient | Tx, orderId: string) {
  return db.order.findUnique({ where: { id: orderId }, include: { customer: true, items: true } });
}

/** The scope of a call about an order: its customer, address and items. Empty for an unknown order. */
export async function orderScope(db: PrismaClient, orderId: string): Promise<FaultScope> {
  const order = await loadOrder(db, orderId);
  if (!order) return {};
  const items = sumBySku(order.items);
  return { customerId: order.customerId, address: addressOf(order.customer), items, skus: items.map((i) => i.sku) };
}

/** Another customer than this one, deterministically: what a corrupted reply borrows from. */
export function otherCustomer(db: PrismaClient, customerId: string | undefined) {
  return db.customer.findFirst({ where: customerId ? { id: { not: customerId } } : {}, orderBy: { id: 'asc' } });
}
