import type { PrismaClient } from './generated/client';
import { DEMO_CUSTOMERS, DEMO_PRODUCTS } from './demo-data';

/** Seeds the demo store when the database has no products and no customers. Returns whether it seeded. */
export async function seedIfEmpty(prisma: PrismaClient): Promise<boolean> {
  const [products, customers] = await Promise.all([prisma.product.count(), prisma.customer.count()]);
  if (products > 0 || customers > 0) return false;
  await prisma.$transaction([
    prisma.product.createMany({ data: DEMO_PRODUCTS }),
    prisma.customer.createMany({
      data: DEMO_CUSTOMERS.map(({ cards: _cards, scenario: _scenario, ...customer }) => customer),
    }),
    prisma.paymentMethod.createMany({
      data: DEMO_CUSTOMERS.flatMap((customer) => customer.cards.map((c) => ({ ...c, customerId: customer.id }))),
    }),
  ]);
  return true;
}
