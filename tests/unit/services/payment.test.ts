import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrder, createWorld, errorOf, value, type ServiceWorld } from '../../support/services';

let w: ServiceWorld;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => w.t.dispose());

const pay = () => w.services.payment;
const adaOrder = () => createOrder(w.db, 'cus_ada', [{ sku: 'KB-001', quantity: 1 }]);

async function authorized(key: string) {
  const order = await adaOrder();
  const auth = value(
    await pay().authorize({
      orderId: order.id,
      paymentMethodId: 'pm_ada_visa',
      amountCents: order.totalCents,
      idempotencyKey: key,
    }),
  );
  return { order, auth };
}

describe('payment.authorize', () => {
  it('authorizes the order total on a good card', async () => {
    const { order, auth } = await authorized('a-ok');
    expect(auth).toEqual({
      authorizationId: auth.authorizationId,
      orderId: order.id,
      paymentMethodId: 'pm_ada_visa',
      amountCents: 12900,
      status: 'authorized',
      card: { brand: 'visa', last4: '4242' },
    });
    const row = await w.db.payment.findUniqueOrThrow({ where: { id: auth.authorizationId } });
    expect(row).toMatchObject({
      kind: 'authorization',
      status: 'succeeded',
      amountCents: 12900,
      idempotencyKey: 'a-ok',
    });
  });

  it('answers each card the way its issuer would', async () => {
    const order = (customerId: string) => createOrder(w.db, customerId, [{ sku: 'LP-009', quantity: 1 }]);
    const grace = await order('cus_grace');
    const declined = errorOf(
      await pay().authorize({
        orderId: grace.id,
        paymentMethodId: 'pm_grace_visa',
        amountCents: 6900,
        idempotencyKey: 'g1',
      }),
      'card_declined',
    );
    expect(declined.message).toBe(
      'Card visa ··0002 was declined by the issuer (do_not_honor). Try another payment method.',
    );
    expect(declined.retryable).toBe(false);
    value(
      await pay().authorize({
        orderId: grace.id,
        paymentMethodId: 'pm_grace_mc',
        amountCents: 6900,
        idempotencyKey: 'g2',
      }),
    );

    const barbara = await order('cus_barbara');
    errorOf(
      await pay().authorize({
        orderId: barbara.id,
        paymentMethodId: 'pm_barbara_visa',
        amountCents: 6900,
        idempotencyKey: 'b1',
      }),
      'insufficient_funds',
    );

    const katherine = await order('cus_katherine');
    const expired = errorOf(
      await pay().authorize({
        orderId: katherine.id,
        paymentMethodId: 'pm_katherine_visa',
        amountCents: 6900,
        idempotencyKey: 'k1',
      }),
      'card_expired',
    );
    expect(expired.message).toContain('expired (01/2024)');

    await w.db.paymentMethod.update({ where: { id: 'pm_barbara_disc' }, data: { status: 'disabled' } });
    errorOf(
      await pay().authorize({
        orderId: barbara.id,
        paymentMethodId: 'pm_barbara_disc',
        amountCents: 6900,
        idempotencyKey: 'b2',
      }),
      'card_declined',
    );
    await w.db.paymentMethod.update({ where: { id: 'pm_barbara_disc' }, data: { status: 'active' } });

    // A declined attempt is on the ledger as failed, under its key.
    expect(await w.db.payment.findUniqueOrThrow({ where: { idempotencyKey: 'g1' } })).toMatchObject({
      status: 'failed',
      errorCode: 'card_declined',
    });
  });

  it('treats a card as expired after the last day of its expiry month, by the clock', async () => {
    await w.db.paymentMethod.create({
      data: {
        id: 'pm_ada_jan',
        customerId: 'cus_ada',
        brand: 'visa',
        last4: '0126',
        expMonth: 1,
        expYear: 2026,
        role: 'backup',
      },
    });
    const order = await adaOrder();
    const attempt = (key: string) =>
      pay().authorize({
        orderId: order.id,
        paymentMethodId: 'pm_ada_jan',
        amountCents: order.totalCents,
        idempotencyKey: key,
      });
    w.clock.advance(Date.UTC(2026, 0, 31, 23) - w.clock.now());
    value(await attempt('jan-31'));
    w.clock.advance(2 * 3600_000);
    errorOf(await attempt('feb-1'), 'card_expired');
  });

  it('refuses another customer’s card, a wrong amount and unknown ids, naming the field', async () => {
    const order = await adaOrder();
    const other = errorOf(
      await pay().authorize({
        orderId: order.id,
        paymentMethodId: 'pm_grace_mc',
        amountCents: order.totalCents,
        idempotencyKey: 'x1',
      }),
      'invalid_input',
    );
    expect(other.message).toContain('paymentMethodId');
    const amount = errorOf(
      await pay().authorize({
        orderId: order.id,
        paymentMethodId: 'pm_ada_visa',
        amountCents: 1,
        idempotencyKey: 'x2',
      }),
      'invalid_input',
    );
    expect(amount.message).toContain('amountCents: must equal the order total, 12900 cents');
    errorOf(
      await pay().authorize({
        orderId: 'ord_nope',
        paymentMethodId: 'pm_ada_visa',
        amountCents: 1,
        idempotencyKey: 'x3',
      }),
      'not_found',
    );
    errorOf(
      await pay().authorize({ orderId: order.id, paymentMethodId: 'pm_nope', amountCents: 1, idempotencyKey: 'x4' }),
      'not_found',
    );
    const missing = errorOf(
      await pay().authorize({ orderId: order.id, paymentMethodId: 'pm_ada_visa', amountCents: 12900 } as never),
      'invalid_input',
    );
    expect(missing.message).toContain('idempotencyKey');
    expect(await w.db.payment.count({ where: { idempotencyKey: { in: ['x1', 'x2', 'x3', 'x4'] } } })).toBe(0);
  });

  it('replays the first answer for the same key and body, success or decline, and rejects another body', async () => {
    const { order, auth } = await authorized('same-key');
    const again = value(
      await pay().authorize({
        orderId: order.id,
        paymentMethodId: 'pm_ada_visa',
        amountCents: order.totalCents,
        idempotencyKey: 'same-key',
      }),
    );
    expect(again).toEqual(auth);
    expect(await w.db.payment.count({ where: { orderId: order.id } })).toBe(1);

    const other = await adaOrder();
    const conflict = errorOf(
      await pay().authorize({
        orderId: other.id,
        paymentMethodId: 'pm_ada_visa',
        amountCents: other.totalCents,
        idempotencyKey: 'same-key',
      }),
      'idempotency_conflict',
    );
    expect(conflict.message).toContain('same-key');

    const grace = await createOrder(w.db, 'cus_grace', [{ sku: 'LP-009', quantity: 1 }]);
    const first = await pay().authorize({
      orderId: grace.id,
      paymentMethodId: 'pm_grace_visa',
      amountCents: 6900,
      idempotencyKey: 'decl',
    });
    expect(
      await pay().authorize({
        orderId: grace.id,
        paymentMethodId: 'pm_grace_visa',
        amountCents: 6900,
        idempotencyKey: 'decl',
      }),
    ).toEqual(first);
    // A key used for an authorization cannot be reused for a capture either.
    errorOf(
      await pay().capture({
        orderId: order.id,
        authorizationId: auth.authorizationId,
        amountCents: 12900,
        idempotencyKey: 'same-key',
      }),
      'idempotency_conflict',
    );
  });

  it('lets two concurrent calls with one key make one authorization', async () => {
    const order = await adaOrder();
    const call = () =>
      pay().authorize({
        orderId: order.id,
        paymentMethodId: 'pm_ada_visa',
        amountCents: order.totalCents,
        idempotencyKey: 'race-key',
      });
    const [a, b] = await Promise.all([call(), call()]);
    expect(value(a)).toEqual(value(b));
    expect(await w.db.payment.count({ where: { orderId: order.id } })).toBe(1);
  });
});

describe('payment.capture', () => {
  it('captures an authorization once per order, ever', async () => {
    const { order, auth } = await authorized('c-auth');
    const capture = value(
      await pay().capture({
        orderId: order.id,
        authorizationId: auth.authorizationId,
        amountCents: 12900,
        idempotencyKey: 'c1',
      }),
    );
    expect(capture).toEqual({
      captureId: capture.captureId,
      authorizationId: auth.authorizationId,
      orderId: order.id,
      amountCents: 12900,
      status: 'captured',
    });
    expect(
      value(
        await pay().capture({
          orderId: order.id,
          authorizationId: auth.authorizationId,
          amountCents: 12900,
          idempotencyKey: 'c1',
        }),
      ),
    ).toEqual(capture);
    const twice = errorOf(
      await pay().capture({
        orderId: order.id,
        authorizationId: auth.authorizationId,
        amountCents: 12900,
        idempotencyKey: 'c2',
      }),
      'invalid_state',
    );
    expect(twice.details).toEqual({ captureId: capture.captureId });

    // Even through a second authorization of the same order.
    const second = value(
      await pay().authorize({
        orderId: order.id,
        paymentMethodId: 'pm_ada_visa',
        amountCents: 12900,
        idempotencyKey: 'c-auth-2',
      }),
    );
    errorOf(
      await pay().capture({
        orderId: order.id,
        authorizationId: second.authorizationId,
        amountCents: 12900,
        idempotencyKey: 'c3',
      }),
      'invalid_state',
    );
    expect(await w.db.payment.count({ where: { orderId: order.id, kind: 'capture' } })).toBe(1);
  });

  it('captures at most the authorized amount, only of a live authorization of that order', async () => {
    const { order, auth } = await authorized('c-auth-b');
    errorOf(
      await pay().capture({
        orderId: order.id,
        authorizationId: auth.authorizationId,
        amountCents: 12901,
        idempotencyKey: 'cb1',
      }),
      'invalid_input',
    );
    errorOf(
      await pay().capture({ orderId: order.id, authorizationId: 'auth_nope', amountCents: 100, idempotencyKey: 'cb2' }),
      'not_found',
    );
    const other = await adaOrder();
    errorOf(
      await pay().capture({
        orderId: other.id,
        authorizationId: auth.authorizationId,
        amountCents: 100,
        idempotencyKey: 'cb3',
      }),
      'invalid_input',
    );
    value(await pay().void({ orderId: order.id, authorizationId: auth.authorizationId, idempotencyKey: 'cb-void' }));
    errorOf(
      await pay().capture({
        orderId: order.id,
        authorizationId: auth.authorizationId,
        amountCents: 100,
        idempotencyKey: 'cb4',
      }),
      'invalid_state',
    );

    const grace = await createOrder(w.db, 'cus_grace', [{ sku: 'LP-009', quantity: 1 }]);
    const failed = await pay().authorize({
      orderId: grace.id,
      paymentMethodId: 'pm_grace_visa',
      amountCents: 6900,
      idempotencyKey: 'cb-decl',
    });
    const failedId = (await w.db.payment.findUniqueOrThrow({ where: { idempotencyKey: 'cb-decl' } })).id;
    expect(failed.ok).toBe(false);
    errorOf(
      await pay().capture({ orderId: grace.id, authorizationId: failedId, amountCents: 6900, idempotencyKey: 'cb5' }),
      'invalid_state',
    );
  });

  it('lets one of many concurrent captures (different keys) through', async () => {
    const { order, auth } = await authorized('c-race');
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        pay().capture({
          orderId: order.id,
          authorizationId: auth.authorizationId,
          amountCents: 12900,
          idempotencyKey: `c-race-${i}`,
        }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await w.db.payment.count({ where: { orderId: order.id, kind: 'capture', status: 'succeeded' } })).toBe(1);
  });
});

describe('payment.void', () => {
  it('voids a live authorization once; the same key replays, another key is refused', async () => {
    const { order, auth } = await authorized('v-auth');
    const voided = value(
      await pay().void({ orderId: order.id, authorizationId: auth.authorizationId, idempotencyKey: 'v1' }),
    );
    expect(voided).toEqual({ voidId: voided.voidId, authorizationId: auth.authorizationId, status: 'voided' });
    expect(
      value(await pay().void({ orderId: order.id, authorizationId: auth.authorizationId, idempotencyKey: 'v1' })),
    ).toEqual(voided);
    errorOf(
      await pay().void({ orderId: order.id, authorizationId: auth.authorizationId, idempotencyKey: 'v2' }),
      'invalid_state',
    );
  });

  it('does not void a captured authorization', async () => {
    const { order, auth } = await authorized('v-auth-c');
    value(
      await pay().capture({
        orderId: order.id,
        authorizationId: auth.authorizationId,
        amountCents: 12900,
        idempotencyKey: 'v-cap',
      }),
    );
    expect(
      errorOf(
        await pay().void({ orderId: order.id, authorizationId: auth.authorizationId, idempotencyKey: 'v3' }),
        'invalid_state',
      ).message,
    ).toContain('refund');
  });
});

describe('payment.refund', () => {
  it('refunds up to what was captured, in parts', async () => {
    const { order, auth } = await authorized('r-auth');
    const capture = value(
      await pay().capture({
        orderId: order.id,
        authorizationId: auth.authorizationId,
        amountCents: 12900,
        idempotencyKey: 'r-cap',
      }),
    );
    const part = value(
      await pay().refund({ orderId: order.id, captureId: capture.captureId, amountCents: 10000, idempotencyKey: 'r1' }),
    );
    expect(part).toEqual({
      refundId: part.refundId,
      captureId: capture.captureId,
      amountCents: 10000,
      status: 'refunded',
    });
    const tooMuch = errorOf(
      await pay().refund({ orderId: order.id, captureId: capture.captureId, amountCents: 3000, idempotencyKey: 'r2' }),
      'invalid_state',
    );
    expect(tooMuch.details).toEqual({ refundableCents: 2900 });
    value(
      await pay().refund({ orderId: order.id, captureId: capture.captureId, amountCents: 2900, idempotencyKey: 'r3' }),
    );
    expect(
      value(
        await pay().refund({
          orderId: order.id,
          captureId: capture.captureId,
          amountCents: 10000,
          idempotencyKey: 'r1',
        }),
      ),
    ).toEqual(part);
    errorOf(
      await pay().refund({ orderId: order.id, captureId: capture.captureId, amountCents: 1, idempotencyKey: 'r4' }),
      'invalid_state',
    );
    errorOf(
      await pay().refund({ orderId: order.id, captureId: auth.authorizationId, amountCents: 1, idempotencyKey: 'r5' }),
      'not_found',
    );
  });
});

describe('payment.status', () => {
  it('tells whether a key was used and how it ended', async () => {
    const { order, auth } = await authorized('s-auth');
    expect(value(await pay().status({ idempotencyKey: 's-auth' }))).toEqual({
      found: true,
      kind: 'authorization',
      status: 'succeeded',
      paymentId: auth.authorizationId,
      orderId: order.id,
      amountCents: 12900,
    });
    expect(value(await pay().status({ idempotencyKey: 'g1' }))).toMatchObject({
      found: true,
      status: 'failed',
      errorCode: 'card_declined',
    });
    expect(value(await pay().status({ idempotencyKey: 'never-used' }))).toEqual({ found: false });
    errorOf(await pay().status({ idempotencyKey: '' }), 'invalid_input');
  });
});
