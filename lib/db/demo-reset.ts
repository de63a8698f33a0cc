import type { PrismaClient } from './generated/client';
import { DEMO_CUSTOMERS, DEMO_PRODUCTS, type DemoCustomer } from './demo-data';

/**
 * Putting the demo store back as it was seeded, for the people trying it: each demo customer is a
 * scenario (no card, a declining primary…), which a run that requested a new card would otherwise
 * change for good. Orders, payments, runs and their traces are history and stay.
 */

function customerWrites(prisma: PrismaClient, customers: readonly DemoCustomer[]) {
  const ids = customers.map((c) => c.id);
  const seededCards = customers.flatMap((c) => c.cards.map((card) => ({ ...card, customerId: c.id })));
  return [
    // A pending request would hand out a card later; a fulfilled one made a card that goes below.
    prisma.cardRequest.deleteMany({ where: { customerId: { in: ids } } }),
    // Cards a run added (fulfilled requests): past payments keep their amounts, their card link is cleared (SET NULL).
    prisma.paymentMethod.deleteMany({
      where: { customerId: { in: ids }, id: { notIn: seededCards.map((c) => c.id) } },
    }),
    ...seededCards.map(({ id, ...card }) =>
      prisma.paymentMethod.upsert({ where: { id }, create: { id, ...card }, update: card }),
    ),
    ...customers.map(({ id, cards: _cards, scenario: _scenario, ...profile }) =>
      prisma.customer.upsert({ where: { id }, create: { id, ...profile }, update: profile }),
    ),
  ];
}

/** These demo customers' profiles, cards and card requests back to the seed (ids that are not demo customers are ignored). */
export async function restoreDemoCustomers(prisma: PrismaClient, customerIds: Iterable<string>): Promise<void> {
  const wanted = new Set(customerIds);
  const customers = DEMO_CUSTOMERS.filter((c) => wanted.has(c.id));
  if (customers.length === 0) return;
  await prisma.$transaction(customerWrites(prisma, customers));
}

/**
 * Products (names, prices, stock), customers and cards back to the seed; stock still held by an
 * order is let go (its run is over: the caller checks that none is going on). Returns what it reset.
 */
// Its answer's shape is POST /api/demo/reset's (lib/wire/demo.ts DemoReset; lib/checkout/demo-store.ts
// holds it to that): lib/db sits below lib/wire and imports nothing above it.
export async function resetDemoStore(prisma: PrismaClient) {
  const results = await prisma.$transaction([
    prisma.reservation.updateMany({ where: { status: 'held' }, data: { status: 'released' } }),
    ...DEMO_PRODUCTS.map(({ id, ...product }) =>
      prisma.product.upsert({ where: { id }, create: { id, ...product }, update: { ...product, reserved: 0 } }),
    ),
    ...customerWrites(prisma, DEMO_CUSTOMERS),
  ]);
  const released = results[0] as { count: number };
  return {
    products: DEMO_PRODUCTS.length,
    customers: DEMO_CUSTOMERS.length,
    cards: DEMO_CUSTOMERS.reduce((n, c) => n + c.cards.length, 0),
    releasedReservations: released.count,
  };
}
