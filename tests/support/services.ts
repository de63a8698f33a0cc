/** Test doubles and fixtures for the service and fault tests (one place, not a test file). */
import { expect } from 'vitest';
import type { PrismaClient } from '@/lib/db/client';
import { ManualClock } from '@/lib/runtime/clock';
import { sequentialIds } from '@/lib/runtime/ids';
import { createServices, type Services } from '@/lib/services';
import type { FaultInjector } from '@/lib/faults/injector';
import type { FaultInjectedReport, FaultReporter, ServiceErrorCode, ServiceResult } from '@/lib/services/types';
import { createTestDatabase, type TestDatabase } from './test-db';

/** A reporter that keeps what it is told, as the trace recorder would. */
export function recordingReporter(): FaultReporter & { reports: FaultInjectedReport[] } {
  const reports: FaultInjectedReport[] = [];
  return { reports, faultInjected: (report) => void reports.push(report) };
}

export interface ServiceWorld {
  t: TestDatabase;
  db: PrismaClient;
  clock: ManualClock;
  reporter: ReturnType<typeof recordingReporter>;
  services: Services;
}

/** A seeded database, a manual clock at 2026-01-01 and services over them. */
export async function createWorld(
  options: { faults?: FaultInjector; newCardDelayMs?: number } = {},
): Promise<ServiceWorld> {
  const t = await createTestDatabase();
  const clock = new ManualClock();
  const reporter = recordingReporter();
  const services = createServices({ db: t.db, clock, ids: sequentialIds(), reporter, ...options });
  return { t, db: t.db, clock, reporter, services };
}

let orderCounter = 0;

/** A pending order for a customer, priced from the catalog, as the store would place it. */
export async function createOrder(
  db: PrismaClient,
  customerId: string,
  items: { sku: string; quantity: number }[],
  status = 'pending',
) {
  const products = await db.product.findMany({ where: { sku: { in: items.map((i) => i.sku) } } });
  const bySku = new Map(products.map((p) => [p.sku, p]));
  const lines = items.map((i) => ({
    sku: i.sku,
    quantity: i.quantity,
    productId: bySku.get(i.sku)!.id,
    unitPriceCents: bySku.get(i.sku)!.priceCents,
  }));
  return db.order.create({
    data: {
      id: `ord_test_${++orderCounter}`,
      customerId,
      status,
      totalCents: lines.reduce((sum, l) => sum + l.quantity * l.unitPriceCents, 0),
      items: { create: lines },
    },
    include: { items: true },
  });
}

export function value<T>(result: ServiceResult<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

export function errorOf<T>(result: ServiceResult<T>, code: ServiceErrorCode) {
  if (result.ok) throw new Error(`expected ${code}, got success: ${JSON.stringify(result.value)}`);
  expect(result.error.code, result.error.message).toBe(code);
  return result.error;
}

/** A paid order (reserved, authorized, captured) for label and refund tests. */
export async function paidOrder(
  w: ServiceWorld,
  customerId = 'cus_ada',
  card = 'pm_ada_visa',
  items = [{ sku: 'MS-002', quantity: 1 }],
) {
  const order = await createOrder(w.db, customerId, items);
  value(await w.services.inventory.reserve({ orderId: order.id }));
  const auth = value(
    await w.services.payment.authorize({
      orderId: order.id,
      paymentMethodId: card,
      amountCents: order.totalCents,
      idempotencyKey: `auth-${order.id}`,
    }),
  );
  const capture = value(
    await w.services.payment.capture({
      orderId: order.id,
      authorizationId: auth.authorizationId,
      amountCents: order.totalCents,
      idempotencyKey: `cap-${order.id}`,
    }),
  );
  return { order, auth, capture };
}
