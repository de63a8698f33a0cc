import type { PrismaClient } from '@/lib/db/client';
import { createScratchDatabase } from '@/lib/db/scratch';
import { stateSnapshotSchema } from './state-snapshot';

export interface Sandbox {
  db: PrismaClient;
  dispose(): Promise<void>;
}

/**
 * A throw-away store holding exactly what a run started from: its customer's cards and
 * card requests (as they were), every product (stock and holds as they were), the
 * customer profiles, and the order itself, pending. A re-run or a fork works here, so the live store is untouched.
 */
export async function createSandbox(
  live: PrismaClient,
  run: { orderId: string | null; stateSnapshot: string },
): Promise<Sandbox> {
  if (!run.orderId) throw new Error('This run has no order to re-run.');
  const state = stateSnapshotSchema.parse(JSON.parse(run.stateSnapshot));
  const order = await live.order.findUniqueOrThrow({
    where: { id: run.orderId },
    include: { items: true, customer: { include: { paymentMethods: true } } },
  });
  // Card rows that a later card request created are left out below; cards that existed at the start are kept.
  const products = await live.product.findMany({ where: { sku: { in: state.products.map((p) => p.sku) } } });
  // Every customer (their profiles only): a corrupted reply may show another customer's address or email.
  const others = await live.customer.findMany({ where: { id: { not: order.customerId } } });

  const scratch = await createScratchDatabase({ seeded: false });
  const { db } = scratch;
  const { paymentMethods, ...customer } = order.customer;
  const cardState = new Map(state.cards.map((c) => [c.id, c]));
  await db.$transaction([
    db.customer.createMany({ data: [customer, ...others] }),
    db.paymentMethod.createMany({
      // Cards that existed when the run started, as they were then (a card added later is left out).
      data: paymentMethods
        .filter((pm) => cardState.has(pm.id))
        .map((pm) => ({ ...pm, status: cardState.get(pm.id)!.status, behavior: cardState.get(pm.id)!.behavior })),
    }),
    db.product.createMany({
      // Stock and holds as they were; other orders' holds stay an opaque count (their reservations are not copied).
      data: products.map((p) => {
        const then = state.products.find((s) => s.sku === p.sku)!;
        return { ...p, stock: then.stock, reserved: then.reserved };
      }),
    }),
    db.cardRequest.createMany({
      data: state.cardRequests
        .filter((r) => r.availableAt !== null)
        .map((r) => ({ ...r, availableAt: r.availableAt! })),
    }),
    db.order.create({
      data: {
        id: order.id,
        customerId: order.customerId,
        status: 'pending',
        totalCents: order.totalCents,
        currency: order.currency,
        mode: order.mode,
        createdAt: order.createdAt,
        items: { create: order.items.map(({ orderId: _o, ...item }) => item) },
      },
    }),
  ]);
  return { db, dispose: () => scratch.dispose() };
}
