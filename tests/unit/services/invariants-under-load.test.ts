import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFaultRule } from '@/lib/faults/rules';
import { sequentialIds } from '@/lib/runtime/ids';
import { createRandom, type Random } from '@/lib/runtime/random';
import type { ServiceResult } from '@/lib/services/types';
import { createOrder, createWorld, type ServiceWorld } from '../../support/services';

/**
 * 200 orders' worth of service calls at once, under random (seeded) faults, by a
 * plain client that retries, double-submits and tries a few wrong things on purpose.
 * Afterwards the database must satisfy every business invariant, and every write the
 * services acknowledged must be there.
 */
const SEED = 20260101;
const ORDERS = 200;

let w: ServiceWorld;
const acknowledged = {
  authorizations: new Set<string>(),
  captures: new Set<string>(),
  labels: new Set<string>(),
  notifications: new Set<string>(),
};
const outcomes = new Map<string, number>();
const count = (what: string) => outcomes.set(what, (outcomes.get(what) ?? 0) + 1);

beforeAll(async () => {
  w = await createWorld({ newCardDelayMs: 0 });
  // More stock than the demo, so that most orders reach payment; the two scarce products stay scarce.
  await w.db.product.updateMany({ where: { stock: { gt: 2 } }, data: { stock: { multiply: 4 } } });
  const rnd = createRandom(SEED, 'rules');
  const ids = sequentialIds('load');
  // Each rule's chance: between half of max and max, drawn from the seed.
  const p = (max: number) => Math.round((0.5 + rnd.next() / 2) * max * 100) / 100;
  const rules: Record<string, unknown>[] = [
    { service: 'payment', operation: 'authorize', kind: 'decline', probability: p(0.2) },
    { service: 'payment', operation: 'authorize', kind: 'insufficient_funds', probability: p(0.1) },
    { service: 'payment', operation: 'authorize', kind: 'fraud_hold', probability: p(0.05) },
    { service: 'payment', kind: 'ambiguous_success', probability: p(0.2) },
    { service: 'payment', kind: 'timeout', probability: p(0.15) },
    { service: 'payment', kind: 'server_error', probability: p(0.15) },
    { service: 'payment', kind: 'rate_limited', probability: p(0.1), params: { retryAfterMs: 200 } },
    { service: 'payment', kind: 'latency', probability: p(0.2), params: { latencyMs: 300 } },
    { service: 'payment', kind: 'corrupted_reply', probability: p(0.1) },
    { service: 'inventory', kind: 'service_down', probability: p(0.15), params: { retryAfterMs: 100 } },
    { service: 'inventory', operation: 'reserve', kind: 'out_of_stock', probability: p(0.05) },
    { service: 'inventory', kind: 'corrupted_reply', probability: p(0.1) },
    {
      service: 'shipping',
      operation: 'createLabel',
      kind: 'carrier_outage',
      probability: p(0.5),
      params: { carrier: 'ups' },
    },
    { service: 'shipping', kind: 'rate_limited', probability: p(0.1) },
    { service: 'shipping', kind: 'corrupted_reply', probability: p(0.1) },
    { service: 'notification', kind: 'provider_down', probability: p(0.3) },
    { service: 'customer', kind: 'service_down', probability: p(0.1) },
    { service: 'customer', kind: 'corrupted_reply', probability: p(0.1) },
  ];
  for (const [i, rule] of rules.entries()) {
    const created = await createFaultRule(
      w.db,
      { ...rule, trigger: 'probability', seed: SEED + i, name: `load ${i}` },
      { clock: w.clock, ids },
    );
    if (!created.ok) throw new Error(created.error.message);
  }
});
afterAll(async () => w.t.dispose());

/** Retries a retryable failure a bounded number of times, honouring retryAfterMs on the clock. */
async function retrying<T>(call: () => Promise<ServiceResult<T>>, attempts = 6): Promise<ServiceResult<T>> {
  let result = await call();
  for (let i = 1; i < attempts && !result.ok && result.error.retryable; i++) {
    await w.clock.sleep(result.error.retryAfterMs ?? 50);
    result = await call();
  }
  return result;
}

/** A payment call under one key: after a timeout, asks status; retries the same key (safe, idempotent). */
async function paying<T>(key: string, call: () => Promise<ServiceResult<T>>): Promise<ServiceResult<T>> {
  return retrying(async () => {
    const result = await call();
    if (!result.ok && result.error.code === 'gateway_timeout') {
      const status = await retrying(() => w.services.payment.status({ idempotencyKey: key }));
      count(status.ok && status.value.found ? 'timeout: went through' : 'timeout: did not');
    }
    return result;
  }, 8);
}

async function checkout(n: number, rnd: Random, customers: { id: string; cards: string[] }[], skus: string[]) {
  const s = w.services;
  const customer = customers[rnd.int(0, customers.length - 1)];
  const items = Array.from({ length: rnd.int(1, 2) }, () => ({
    sku: skus[rnd.int(0, skus.length - 1)],
    quantity: rnd.int(1, 2),
  }));
  const order = await createOrder(w.db, customer.id, items);
  const key = (what: string) => `${order.id}-${what}`;

  if (rnd.next() < 0.2) {
    const early = await s.shipping.createLabel({ orderId: order.id, carrier: 'fedex' });
    expect(early.ok, 'a label before any capture').toBe(false);
  }

  const reserved = await retrying(() => s.inventory.reserve({ orderId: order.id }));
  if (!reserved.ok) return count(`not reserved: ${reserved.error.code}`);

  let authorizationId: string | null = null;
  const methods = await retrying(() => s.customer.listPaymentMethods({ customerId: customer.id }));
  const cards = methods.ok ? methods.value.methods.map((m) => m.id) : customer.cards;
  for (const [i, card] of cards.entries()) {
    const auth = await paying(key(`auth-${i}`), () =>
      s.payment.authorize({
        orderId: order.id,
        paymentMethodId: card,
        amountCents: order.totalCents,
        idempotencyKey: key(`auth-${i}`),
      }),
    );
    if (auth.ok) {
      acknowledged.authorizations.add(auth.value.authorizationId);
      authorizationId = auth.value.authorizationId;
      break;
    }
  }
  if (!authorizationId) {
    await retrying(() => s.inventory.release({ orderId: order.id }));
    return count('no card authorized');
  }
  const auth = authorizationId;

  if (rnd.next() < 0.1) {
    // Changed its mind before capture: void (possibly twice, concurrently) and release.
    await Promise.all(
      [0, 1].map(() =>
        paying(key('void'), () =>
          s.payment.void({ orderId: order.id, authorizationId: auth, idempotencyKey: key('void') }),
        ),
      ),
    );
    const late = await s.payment.capture({
      orderId: order.id,
      authorizationId: auth,
      amountCents: order.totalCents,
      idempotencyKey: key('late-cap'),
    });
    if (late.ok) expect.fail(`captured a voided authorization of ${order.id}`);
    await retrying(() => s.inventory.release({ orderId: order.id }));
    return count('voided');
  }

  // A double submit: two captures with different keys and one repeated key, all at once.
  const captureWith = (k: string) =>
    paying(key(k), () =>
      s.payment.capture({
        orderId: order.id,
        authorizationId: auth,
        amountCents: order.totalCents,
        idempotencyKey: key(k),
      }),
    );
  const captures = await Promise.all([
    captureWith('cap-a'),
    captureWith('cap-a'),
    ...(rnd.next() < 0.5 ? [captureWith('cap-b')] : []),
  ]);
  const captured = captures.find((c) => c.ok);
  if (!captured?.ok) {
    await retrying(() => s.inventory.release({ orderId: order.id }));
    return count('capture failed');
  }
  acknowledged.captures.add(captured.value.captureId);
  const captureId = captured.value.captureId;

  if (rnd.next() < 0.2) {
    const tooMuch = await s.payment.refund({
      orderId: order.id,
      captureId,
      amountCents: order.totalCents + 1,
      idempotencyKey: key('ref-big'),
    });
    expect(tooMuch.ok, 'a refund above the capture').toBe(false);
  }

  let label = null;
  for (const carrier of ['ups', 'fedex', 'dhl'][rnd.int(0, 1)] === 'ups'
    ? ['ups', 'fedex', 'dhl']
    : ['fedex', 'ups', 'dhl']) {
    const made = await retrying(() => s.shipping.createLabel({ orderId: order.id, carrier }));
    if (made.ok) {
      label = made.value;
      acknowledged.labels.add(made.value.shipmentId);
      break;
    }
  }
  if (!label) await retrying(() => s.shipping.holdShipment({ orderId: order.id, reason: 'no carrier' }));

  if (rnd.next() < 0.15) {
    // Returned: cancel the label, refund in two parts (concurrently), put nothing back on the shelf (released? no: sold).
    if (label) await retrying(() => s.shipping.cancelLabel({ orderId: order.id, labelId: label.labelId }));
    const half = Math.floor(order.totalCents / 2);
    await Promise.all([
      paying(key('ref-1'), () =>
        s.payment.refund({ orderId: order.id, captureId, amountCents: half, idempotencyKey: key('ref-1') }),
      ),
      paying(key('ref-2'), () =>
        s.payment.refund({
          orderId: order.id,
          captureId,
          amountCents: order.totalCents - half,
          idempotencyKey: key('ref-2'),
        }),
      ),
      paying(key('ref-3'), () =>
        s.payment.refund({ orderId: order.id, captureId, amountCents: half, idempotencyKey: key('ref-3') }),
      ),
    ]);
  }

  const [committed] = await Promise.all([
    retrying(() => s.inventory.commit({ orderId: order.id })),
    rnd.next() < 0.2 ? s.inventory.release({ orderId: order.id }) : Promise.resolve(null),
  ]);
  const note = await retrying(() =>
    s.notification.sendEmail({ customerId: customer.id, orderId: order.id, subject: `Order ${n}`, body: 'Thanks' }),
  );
  if (note.ok) acknowledged.notifications.add(note.value.notificationId);
  count(committed.ok ? (label ? 'placed' : 'placed, held') : `commit failed: ${committed.error.code}`);
}

describe(`${ORDERS} concurrent checkouts under seeded random faults`, () => {
  it('keep every invariant and lose no acknowledged write', { timeout: 300_000 }, async () => {
    const before = await w.db.product.findMany();
    const customers = (await w.db.customer.findMany({ include: { paymentMethods: true } })).map((c) => ({
      id: c.id,
      cards: c.paymentMethods.map((m) => m.id),
    }));
    const skus = before.map((p) => p.sku);

    const started = performance.now();
    await Promise.all(
      Array.from({ length: ORDERS }, (_, n) => checkout(n, createRandom(SEED, `order-${n}`), customers, skus)),
    );
    const seconds = (performance.now() - started) / 1000;

    // Stock: never negative, reserved within stock and equal to the held reservations, sold = committed.
    const products = await w.db.product.findMany({ include: { reservations: true } });
    for (const p of products) {
      const initial = before.find((b) => b.id === p.id)!.stock;
      const sum = (status: string) =>
        p.reservations.filter((r) => r.status === status).reduce((n, r) => n + r.quantity, 0);
      expect(p.stock, p.sku).toBeGreaterThanOrEqual(0);
      expect(p.reserved, p.sku).toBeGreaterThanOrEqual(0);
      expect(p.reserved, p.sku).toBeLessThanOrEqual(p.stock);
      expect(p.reserved, p.sku).toBe(sum('held'));
      expect(p.stock, p.sku).toBe(initial - sum('committed'));
    }

    // Payments: one capture per order; captures, voids and refunds only of what exists and is allowed.
    const payments = await w.db.payment.findMany();
    const byId = new Map(payments.map((p) => [p.id, p]));
    const ok = payments.filter((p) => p.status === 'succeeded');
    const perOrder = new Map<string, number>();
    for (const c of ok.filter((p) => p.kind === 'capture')) perOrder.set(c.orderId, (perOrder.get(c.orderId) ?? 0) + 1);
    expect(Math.max(...perOrder.values())).toBe(1);
    for (const p of ok) {
      if (p.kind === 'authorization') continue;
      const parent = byId.get(p.parentId ?? '')!;
      expect(parent.status).toBe('succeeded');
      expect(parent.orderId).toBe(p.orderId);
      const children = (kind: string) => ok.filter((c) => c.parentId === parent.id && c.kind === kind);
      if (p.kind === 'capture') {
        expect(parent.kind).toBe('authorization');
        expect(p.amountCents).toBeLessThanOrEqual(parent.amountCents);
        expect(children('void')).toEqual([]);
      }
      if (p.kind === 'void') {
        expect(parent.kind).toBe('authorization');
        expect(children('capture')).toEqual([]);
        expect(children('void')).toHaveLength(1);
      }
      if (p.kind === 'refund') {
        expect(parent.kind).toBe('capture');
        expect(children('refund').reduce((n, r) => n + r.amountCents, 0)).toBeLessThanOrEqual(parent.amountCents);
      }
    }

    // Shipping: a label only for a captured order, at most one active per order.
    const shipments = await w.db.shipment.findMany();
    const capturedOrders = new Set(ok.filter((p) => p.kind === 'capture').map((p) => p.orderId));
    for (const s of shipments) expect(capturedOrders.has(s.orderId), `shipment ${s.id}`).toBe(true);
    const active = shipments.filter((s) => s.status === 'label_created').map((s) => s.orderId);
    expect(new Set(active).size).toBe(active.length);

    // Nothing acknowledged is missing.
    for (const id of acknowledged.authorizations) expect(byId.get(id)?.status).toBe('succeeded');
    for (const id of acknowledged.captures) expect(byId.get(id)?.kind).toBe('capture');
    const shipmentIds = new Set(shipments.map((s) => s.id));
    for (const id of acknowledged.labels) expect(shipmentIds.has(id)).toBe(true);
    expect(await w.db.notification.count({ where: { id: { in: [...acknowledged.notifications] } } })).toBe(
      acknowledged.notifications.size,
    );

    // The faults really were in play, and the run went several ways.
    const kinds = new Set(w.reporter.reports.map((r) => r.kind));
    console.log(
      `${ORDERS} checkouts in ${seconds.toFixed(1)} s; ${payments.length} payment rows; ${w.reporter.reports.length} faults of ${kinds.size} kinds (${[...kinds].sort().join(', ')});`,
      Object.fromEntries([...outcomes].sort()),
    );
    expect(kinds.size).toBeGreaterThanOrEqual(12);
    expect(outcomes.get('placed')).toBeGreaterThan(20);
  });
});
