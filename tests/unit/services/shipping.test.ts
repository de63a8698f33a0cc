import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrder, createWorld, errorOf, paidOrder, value, type ServiceWorld } from '../../support/services';

let w: ServiceWorld;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => w.t.dispose());

const ship = () => w.services.shipping;
const adaAddress = { addressLine: '12 Analytical Way', city: 'San Francisco', postalCode: '94107', country: 'US' };

describe('shipping.quote', () => {
  it('quotes every carrier to the customer address, cheaper at home than abroad', async () => {
    const home = await createOrder(w.db, 'cus_ada', [{ sku: 'MS-002', quantity: 2 }]);
    const quote = value(await ship().quote({ orderId: home.id }));
    expect(quote.address).toEqual(adaAddress);
    expect(quote.quotes.map((q) => `${q.carrier}/${q.service}`)).toEqual([
      'ups/ground',
      'ups/express',
      'fedex/ground',
      'fedex/express',
      'dhl/express',
    ]);
    expect(quote.quotes[0]).toEqual({ carrier: 'ups', service: 'ground', costCents: 899 + 150, etaDays: 5 });

    const abroad = await createOrder(w.db, 'cus_alan', [{ sku: 'MS-002', quantity: 1 }]);
    const ups = value(await ship().quote({ orderId: abroad.id, carrier: 'ups' }));
    expect(ups.quotes).toEqual([
      { carrier: 'ups', service: 'ground', costCents: 2248, etaDays: 8 },
      { carrier: 'ups', service: 'express', costCents: 6248, etaDays: 5 },
    ]);
  });

  it('rejects an address outside the shipping zones, for good', async () => {
    const order = await createOrder(w.db, 'cus_margaret', [{ sku: 'MS-002', quantity: 1 }]);
    const error = errorOf(await ship().quote({ orderId: order.id }), 'address_rejected');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('AQ is outside our shipping zones');
  });

  it('names a bad carrier and an unknown order', async () => {
    const order = await createOrder(w.db, 'cus_ada', [{ sku: 'MS-002', quantity: 1 }]);
    expect(errorOf(await ship().quote({ orderId: order.id, carrier: 'pigeon' }), 'invalid_input').message).toContain(
      'carrier',
    );
    errorOf(await ship().quote({ orderId: 'ord_nope' }), 'not_found');
  });
});

describe('shipping.createLabel', () => {
  it('needs a captured payment', async () => {
    const order = await createOrder(w.db, 'cus_ada', [{ sku: 'MS-002', quantity: 1 }]);
    expect(errorOf(await ship().createLabel({ orderId: order.id, carrier: 'ups' }), 'invalid_state').message).toContain(
      'capture',
    );
    const auth = value(
      await w.services.payment.authorize({
        orderId: order.id,
        paymentMethodId: 'pm_ada_visa',
        amountCents: order.totalCents,
        idempotencyKey: 'l-auth',
      }),
    );
    errorOf(await ship().createLabel({ orderId: order.id, carrier: 'ups' }), 'invalid_state');
    value(
      await w.services.payment.capture({
        orderId: order.id,
        authorizationId: auth.authorizationId,
        amountCents: order.totalCents,
        idempotencyKey: 'l-cap',
      }),
    );
    value(await ship().createLabel({ orderId: order.id, carrier: 'ups' }));
  });

  it('makes one active label per order, to the customer address, with the quoted cost', async () => {
    const { order } = await paidOrder(w);
    const label = value(await ship().createLabel({ orderId: order.id, carrier: 'fedex', service: 'express' }));
    expect(label).toMatchObject({ carrier: 'fedex', service: 'express', address: adaAddress, costCents: 2799 });
    expect(label.trackingNo).toMatch(/^7\d{10}$/);
    // The same request again (a retry) gets the same label; another carrier is refused until this one is cancelled.
    expect(value(await ship().createLabel({ orderId: order.id, carrier: 'fedex', service: 'express' }))).toEqual(label);
    expect(value(await ship().createLabel({ orderId: order.id, carrier: 'fedex' }))).toEqual(label);
    const other = errorOf(await ship().createLabel({ orderId: order.id, carrier: 'ups' }), 'invalid_state');
    expect(other).toMatchObject({ retryable: false, details: { labelId: label.labelId, carrier: 'fedex' } });
    expect(other.message).toContain('cancel it before creating a ups label');
    expect(await w.db.shipment.count({ where: { orderId: order.id } })).toBe(1);
    expect(
      errorOf(
        await ship().createLabel({ orderId: (await paidOrder(w)).order.id, carrier: 'dhl', service: 'ground' }),
        'invalid_input',
      ).message,
    ).toContain('dhl offers express');
  });

  it('refuses an order whose payment was fully refunded, or whose address is out of zone', async () => {
    const { order, capture } = await paidOrder(w);
    value(
      await w.services.payment.refund({
        orderId: order.id,
        captureId: capture.captureId,
        amountCents: capture.amountCents,
        idempotencyKey: 'l-refund',
      }),
    );
    expect(errorOf(await ship().createLabel({ orderId: order.id, carrier: 'ups' }), 'invalid_state').message).toContain(
      'refunded',
    );
    const far = await paidOrder(w, 'cus_margaret', 'pm_margaret_visa');
    errorOf(await ship().createLabel({ orderId: far.order.id, carrier: 'ups' }), 'address_rejected');
  });

  it('lets one label through when many are made at once', async () => {
    const { order } = await paidOrder(w);
    const results = await Promise.all(
      ['ups', 'fedex', 'dhl', 'ups'].map((carrier) => ship().createLabel({ orderId: order.id, carrier })),
    );
    // The first one through makes the label; its retries get it too, the other carriers are refused.
    const made = results.filter((r) => r.ok);
    expect(new Set(made.map((r) => value(r).labelId)).size).toBe(1);
    expect(results.filter((r) => !r.ok).every((r) => errorOf(r, 'invalid_state'))).toBe(true);
    expect(await w.db.shipment.count({ where: { orderId: order.id, status: 'label_created' } })).toBe(1);
  });
});

describe('shipping.cancelLabel and holdShipment', () => {
  it('cancels a label (idempotently), after which a new one can be made', async () => {
    const { order } = await paidOrder(w);
    const label = value(await ship().createLabel({ orderId: order.id, carrier: 'ups' }));
    expect(value(await ship().cancelLabel({ orderId: order.id, labelId: label.labelId }))).toEqual({
      labelId: label.labelId,
      status: 'cancelled',
    });
    expect(value(await ship().cancelLabel({ orderId: order.id, labelId: label.labelId }))).toEqual({
      labelId: label.labelId,
      status: 'cancelled',
    });
    const next = value(await ship().createLabel({ orderId: order.id, carrier: 'fedex' }));
    expect(next.labelId).not.toBe(label.labelId);
    errorOf(await ship().cancelLabel({ orderId: 'ord_other', labelId: next.labelId }), 'not_found');
  });

  it('holds a paid order that cannot ship now; a label later takes over the held shipment', async () => {
    const { order } = await paidOrder(w);
    const held = value(await ship().holdShipment({ orderId: order.id, reason: 'every carrier is down' }));
    expect(held).toEqual({ shipmentId: held.shipmentId, status: 'held', reason: 'every carrier is down' });
    expect(value(await ship().holdShipment({ orderId: order.id, reason: 'again' })).shipmentId).toBe(held.shipmentId);
    const label = value(await ship().createLabel({ orderId: order.id, carrier: 'dhl' }));
    expect(label.shipmentId).toBe(held.shipmentId);
    expect(errorOf(await ship().holdShipment({ orderId: order.id, reason: 'x' }), 'invalid_state').details).toEqual({
      labelId: label.labelId,
    });

    const unpaid = await createOrder(w.db, 'cus_ada', [{ sku: 'MS-002', quantity: 1 }]);
    errorOf(await ship().holdShipment({ orderId: unpaid.id, reason: 'x' }), 'invalid_state');
    errorOf(await ship().holdShipment({ orderId: unpaid.id, reason: '' }), 'invalid_input');
  });
});
