import type { PrismaClient } from '@/lib/db/client';
import { createRandom } from '@/lib/runtime/random';

export interface RandomOrder {
  customerId: string;
  items: { sku: string; quantity: number }[];
}

/** Reproducible demo orders: a seeded customer and one to three in-stock products. */
export async function randomOrders(db: PrismaClient, seed: number, count: number): Promise<RandomOrder[]> {
  const [customers, products] = await Promise.all([
    db.customer.findMany({ orderBy: { id: 'asc' }, select: { id: true } }),
    db.product.findMany({ orderBy: { sku: 'asc' }, select: { sku: true, stock: true } }),
  ]);
  const random = createRandom(seed, 'orders');
  const stocked = products.filter((p) => p.stock >= 5);
  return Array.from({ length: count }, () => {
    const customer = customers[random.int(0, customers.length - 1)];
    const lines = random.int(1, 3);
    const picked = new Map<string, number>();
    for (let i = 0; i < lines; i++) picked.set(stocked[random.int(0, stocked.length - 1)].sku, random.int(1, 2));
    return { customerId: customer.id, items: [...picked].map(([sku, quantity]) => ({ sku, quantity })) };
  });
}
