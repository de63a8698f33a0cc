import type { PrismaClient } from '@/lib/db/client';
import { OrderRequestError } from './errors';
import type { RunMode } from './order-request';

export interface OrderLine {
  sku: string;
  quantity: number;
}

/** Merges repeated SKUs, so a cart of [A×1, A×2] is one line of A×3. */
export function mergeLines(items: OrderLine[]): OrderLine[] {
  const bySku = new Map<string, number>();
  for (const item of items) bySku.set(item.sku, (bySku.get(item.sku) ?? 0) + item.quantity);
  return [...bySku].map(([sku, quantity]) => ({ sku, quantity }));
}

/**
 * Creates a pending order at today's prices. Stock is not touched: reserving it is
 * the agents' (or the orchestrator's) job.
 */
export async function createOrder(
  db: PrismaClient,
  input: { customerId: string; items: OrderLine[]; mode: RunMode; id?: string },
) {
  const customer = await db.customer.findUnique({ where: { id: input.customerId }, select: { id: true } });
  if (!customer) throw new OrderRequestError('customerId', `No customer with id "${input.customerId}".`);
  const lines = mergeLines(input.items);
  const products = await db.product.findMany({ where: { sku: { in: lines.map((l) => l.sku) } } });
  const bySku = new Map(products.map((p) => [p.sku, p]));
  lines.forEach((line, i) => {
    if (!bySku.has(line.sku)) throw new OrderRequestError(`items.${i}.sku`, `No product with SKU "${line.sku}".`);
  });
  const totalCents = lines.reduce((sum, l) => sum + bySku.get(l.sku)!.priceCents * l.quantity, 0);
  return db.order.create({
    data: {
      ...(input.id ? { id: input.id } : {}),
      customerId: input.customerId,
      totalCents,
      mode: input.mode,
      items: {
        create: lines.map((l) => ({
          productId: bySku.get(l.sku)!.id,
          sku: l.sku,
          quantity: l.quantity,
          unitPriceCents: bySku.get(l.sku)!.priceCents,
        })),
      },
    },
    include: { items: true },
  });
}
