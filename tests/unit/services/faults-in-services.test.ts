import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applyFaultPreset } from '@/lib/faults/presets';
import { clearFaultRules, createFaultRule } from '@/lib/faults/rules';
import { createServices, type ServiceResult } from '@/lib/services';
import { createOrder, createWorld, errorOf, paidOrder, value, type ServiceWorld } from '../../support/services';

let w: ServiceWorld;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => w.t.dispose());
beforeEach(async () => {
  await clearFaultRules(w.db);
  w.reporter.reports.length = 0;
});

async function rule(input: Record<string, unknown>) {
  const created = await createFaultRule(w.db, input, { clock: w.clock });
  if (!created.ok) throw new Error(created.error.message);
  return created.value;
}

const adaOrder = () => createOrder(w.db, 'cus_ada', [{ sku: 'KB-001', quantity: 1 }]);
const authorizeAda = (orderId: string, key: string, amountCents = 12900, paymentMethodId = 'pm_ada_visa') =>
  w.services.payment.authorize({ orderId, paymentMethodId, amountCents, idempotencyKey: key });
/** A message with its card, ids and numbers blanked: what stays the same from one call to another. */
const template = (message: string) => message.replace(/\b\w+ ··\d{4}/g, '<card>').replace(/\d+/g, '<n>');

describe('payment faults', () => {
  it('decline (preset: primary cards) looks exactly like a real decline, is recorded under the key, and is reported', async () => {
    await applyFaultPreset(w.db, { preset: 'decline-primary-cards' });
    const order = await adaOrder();
    const injected = errorOf(await authorizeAda(order.id, 'inj-decline'), 'card_declined');

    const grace = await createOrder(w.db, 'cus_grace', [{ sku: 'LP-009', quantity: 1 }]);
    // Grace's primary card declines for real (and the rule fires too): compare with a rule-free service set.
    const clean = createServices({ db: w.db, clock: w.clock, faults: { check: async () => null } });
    const real = errorOf(
      await clean.payment.authorize({
        orderId: grace.id,
        paymentMethodId: 'pm_grace_visa',
        amountCents: 6900,
        idempotencyKey: 'real-decline',
      }),
      'card_declined',
    );
    expect(template(injected.message)).toBe(template(real.message));
    expect(Object.keys(injected).sort()).toEqual(Object.keys(real).sort());
    expect(injected.retryable).toBe(real.retryable);

    expect(w.reporter.reports).toEqual([
      {
        ruleId: expect.any(String),
        ruleName: 'Decline primary cards',
        service: 'payment',
        operation: 'authorize',
        kind: 'decline',
        effect: 'card_declined',
      },
    ]);
    expect(value(await w.services.payment.status({ idempotencyKey: 'inj-decline' }))).toMatchObject({
      found: true,
      status: 'failed',
      errorCode: 'card_declined',
    });
    // The backup card (role backup) still works.
    value(
      await w.services.payment.authorize({
        orderId: grace.id,
        paymentMethodId: 'pm_grace_mc',
        amountCents: 6900,
        idempotencyKey: 'backup-ok',
      }),
    );
    // Same key after the rule is gone: the first answer, as a gateway would give it.
    await clearFaultRules(w.db);
    expect(errorOf(await authorizeAda(order.id, 'inj-decline'), 'card_declined')).toEqual(injected);
  });

  it('insufficient funds and fraud hold answer with their codes', async () => {
    const order = await adaOrder();
    await rule({
      service: 'payment',
      operation: 'authorize',
      kind: 'insufficient_funds',
      trigger: 'next_n',
      remainingCalls: 1,
    });
    errorOf(await authorizeAda(order.id, 'nsf'), 'insufficient_funds');
    await rule({
      service: 'payment',
      operation: 'authorize',
      kind: 'fraud_hold',
      trigger: 'next_n',
      remainingCalls: 1,
    });
    expect(errorOf(await authorizeAda(order.id, 'fraud'), 'fraud_hold').message).toContain('fraud review');
    value(await authorizeAda(order.id, 'clean'));
  });

  it('a timeout (preset: gateway-timeouts) does nothing; a retry with the same key succeeds once the rule is spent', async () => {
    await applyFaultPreset(w.db, { preset: 'gateway-timeouts' });
    const order = await adaOrder();
    const first = errorOf(await authorizeAda(order.id, 'to-key'), 'gateway_timeout');
    expect(first.retryable).toBe(true);
    expect(value(await w.services.payment.status({ idempotencyKey: 'to-key' }))).toEqual({ found: false });
    errorOf(await authorizeAda(order.id, 'to-key'), 'gateway_timeout');
    value(await authorizeAda(order.id, 'to-key'));
    expect(w.reporter.reports.map((r) => r.effect)).toEqual(['gateway_timeout', 'gateway_timeout']);
  });

  it('a server error is retryable after a pause; the payment did not happen', async () => {
    await rule({ service: 'payment', kind: 'server_error', trigger: 'next_n', remainingCalls: 1 });
    const order = await adaOrder();
    const error = errorOf(await authorizeAda(order.id, '5xx'), 'server_error');
    expect([error.retryable, error.retryAfterMs]).toEqual([true, 500]);
    expect(await w.db.payment.count({ where: { orderId: order.id } })).toBe(0);
  });

  it('latency holds the call for the clock time asked, then lets it through', async () => {
    await applyFaultPreset(w.db, { preset: 'slow-payments' });
    const order = await adaOrder();
    const before = w.clock.now();
    value(await authorizeAda(order.id, 'slow'));
    expect(w.clock.now() - before).toBe(1500);
    expect(w.reporter.reports[0]).toMatchObject({ kind: 'latency', effect: 'latency', detail: 'held 1500 ms' });
  });

  it('an ambiguous capture (preset) moves the money but answers with the very timeout a lost call gives', async () => {
    const { order, auth } = await paidOrderAuthorizedOnly();
    await rule({ service: 'payment', operation: 'capture', kind: 'timeout', trigger: 'next_n', remainingCalls: 1 });
    const plainTimeout = errorOf(await capture(order.id, auth, 'cap-timeout'), 'gateway_timeout');
    await clearFaultRules(w.db);
    await applyFaultPreset(w.db, { preset: 'ambiguous-capture' });
    const ambiguous = errorOf(await capture(order.id, auth, 'cap-amb'), 'gateway_timeout');
    expect(ambiguous).toEqual(plainTimeout);
    expect(await w.db.payment.count({ where: { orderId: order.id, kind: 'capture', status: 'succeeded' } })).toBe(1);
    expect(value(await w.services.payment.status({ idempotencyKey: 'cap-amb' }))).toMatchObject({
      found: true,
      kind: 'capture',
      status: 'succeeded',
      amountCents: 12900,
    });
    expect(value(await capture(order.id, auth, 'cap-amb'))).toMatchObject({ status: 'captured', amountCents: 12900 });
    expect(w.reporter.reports.at(-1)).toMatchObject({
      kind: 'ambiguous_success',
      effect: 'ambiguous_success',
      detail: expect.stringContaining('succeeded'),
    });
  });

  it('rate limiting (preset) tells the caller how long to wait', async () => {
    await applyFaultPreset(w.db, { preset: 'rate-limited-payments' });
    for (let i = 0; i < 3; i++) {
      const error = errorOf(await w.services.payment.status({ idempotencyKey: 'x' }), 'rate_limited');
      expect([error.retryable, error.retryAfterMs]).toEqual([true, 1000]);
    }
    value(await w.services.payment.status({ idempotencyKey: 'x' }));
  });
});

async function paidOrderAuthorizedOnly() {
  const order = await adaOrder();
  const auth = value(await authorizeAda(order.id, `auth-${order.id}`)).authorizationId;
  return { order, auth };
}
const capture = (orderId: string, authorizationId: string, key: string) =>
  w.services.payment.capture({ orderId, authorizationId, amountCents: 12900, idempotencyKey: key });

describe('inventory, shipping, notification and customer faults', () => {
  it('out of stock (preset) fails the reservation, reserving nothing, and shows 0 on a check', async () => {
    await applyFaultPreset(w.db, { preset: 'out-of-stock' });
    const order = await createOrder(w.db, 'cus_ada', [{ sku: 'CB-010', quantity: 2 }]);
    const error = errorOf(await w.services.inventory.reserve({ orderId: order.id }), 'out_of_stock');
    expect(error.details?.skus).toEqual(['CB-010']);
    expect((await w.db.product.findUniqueOrThrow({ where: { sku: 'CB-010' } })).reserved).toBe(0);
    const check = value(await w.services.inventory.check({ items: [{ sku: 'CB-010', quantity: 1 }] }));
    expect(check).toMatchObject({ allInStock: false, items: [{ sku: 'CB-010', available: 0, inStock: false }] });
  });

  it('out of stock for one SKU leaves the others alone', async () => {
    await rule({ service: 'inventory', kind: 'out_of_stock', params: { sku: 'LP-009' } });
    const check = value(
      await w.services.inventory.check({
        items: [
          { sku: 'CB-010', quantity: 1 },
          { sku: 'LP-009', quantity: 1 },
        ],
      }),
    );
    expect(check.items.map((i) => [i.sku, i.inStock])).toEqual([
      ['CB-010', true],
      ['LP-009', false],
    ]);
  });

  it('service down: inventory and customer answer 503-style, retryable later', async () => {
    await rule({ service: 'inventory', kind: 'service_down', params: { retryAfterMs: 3000 } });
    await applyFaultPreset(w.db, { preset: 'customer-service-down' });
    const order = await adaOrder();
    expect(errorOf(await w.services.inventory.reserve({ orderId: order.id }), 'service_unavailable')).toMatchObject({
      retryable: true,
      retryAfterMs: 3000,
    });
    expect(
      errorOf(await w.services.customer.getProfile({ customerId: 'cus_ada' }), 'service_unavailable').retryAfterMs,
    ).toBe(2000);
  });

  it('carrier outage (preset) stops UPS labels only', async () => {
    await applyFaultPreset(w.db, { preset: 'carrier-outage' });
    const { order } = await paidOrder(w);
    const error = errorOf(
      await w.services.shipping.createLabel({ orderId: order.id, carrier: 'ups' }),
      'carrier_outage',
    );
    expect([error.retryable, error.retryAfterMs]).toEqual([true, 30_000]);
    expect(error.message).toContain('UPS');
    value(await w.services.shipping.createLabel({ orderId: order.id, carrier: 'fedex' }));
  });

  it('address rejected looks like a real rejection: not retryable, names the address', async () => {
    await rule({ service: 'shipping', kind: 'address_rejected' });
    const order = await adaOrder();
    const error = errorOf(await w.services.shipping.quote({ orderId: order.id }), 'address_rejected');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('12 Analytical Way, San Francisco 94107, US');
  });

  it('provider down (preset) sends nothing', async () => {
    await applyFaultPreset(w.db, { preset: 'notification-down' });
    const before = await w.db.notification.count();
    expect(
      errorOf(await w.services.notification.sendSms({ customerId: 'cus_ada', body: 'hi' }), 'provider_down'),
    ).toMatchObject({ retryable: true, retryAfterMs: 5000 });
    expect(
      errorOf(
        await w.services.notification.sendEmail({ customerId: 'cus_ada', subject: 's', body: 'hi' }),
        'provider_down',
      ).message,
    ).toContain('email');
    expect(await w.db.notification.count()).toBe(before);
    // The outbox view is not a tool: no fault reaches it.
    value(await w.services.notification.list());
  });

  it('rate limiting reaches every service', async () => {
    for (const service of ['inventory', 'payment', 'shipping', 'notification', 'customer'])
      await rule({ service, kind: 'rate_limited', params: { retryAfterMs: 250 } });
    const order = await adaOrder();
    const calls: Promise<ServiceResult<unknown>>[] = [
      w.services.inventory.check({ items: [{ sku: 'KB-001', quantity: 1 }] }),
      w.services.payment.status({ idempotencyKey: 'k' }),
      w.services.shipping.quote({ orderId: order.id }),
      w.services.notification.sendEmail({ customerId: 'cus_ada', subject: 's', body: 'b' }),
      w.services.customer.listPaymentMethods({ customerId: 'cus_ada' }),
    ];
    for (const result of await Promise.all(calls)) expect(errorOf(result, 'rate_limited').retryAfterMs).toBe(250);
    expect(new Set(w.reporter.reports.map((r) => r.service)).size).toBe(5);
  });

  it('a fault that needs what the call lacks lets the real operation answer', async () => {
    await rule({ service: 'payment', operation: 'authorize', kind: 'decline' });
    const order = await adaOrder();
    errorOf(await authorizeAda(order.id, 'no-card', 12900, 'pm_missing'), 'not_found');
    expect(w.reporter.reports[0]).toMatchObject({ kind: 'decline', effect: 'unchanged' });
  });

  it('waits for the reporter before answering', async () => {
    await rule({ service: 'customer', kind: 'rate_limited' });
    let recorded = false;
    const slowReporter = {
      faultInjected: () => new Promise<void>((resolve) => setTimeout(() => ((recorded = true), resolve()), 20)),
    };
    const services = createServices({ db: w.db, clock: w.clock, reporter: slowReporter });
    errorOf(await services.customer.getProfile({ customerId: 'cus_ada' }), 'rate_limited');
    expect(recorded).toBe(true);
  });
});
