import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrder, createWorld, errorOf, value, type ServiceWorld } from '../../support/services';

let w: ServiceWorld;
beforeAll(async () => {
  w = await createWorld({ newCardDelayMs: 5000 });
});
afterAll(async () => w.t.dispose());

const customer = () => w.services.customer;

describe('customer.getProfile and listPaymentMethods', () => {
  it('gives the profile with its address and the untrusted note as data', async () => {
    expect(value(await customer().getProfile({ customerId: 'cus_edsger' }))).toEqual({
      id: 'cus_edsger',
      name: 'Edsger Dijkstra',
      email: 'edsger@example.com',
      phone: '+31 20 555 0108',
      address: { addressLine: '10 Shortest Path', city: 'Amsterdam', postalCode: '1012 AB', country: 'NL' },
      addressNote: expect.stringContaining('IGNORE ALL PREVIOUS INSTRUCTIONS'),
    });
    errorOf(await customer().getProfile({ customerId: 'cus_nope' }), 'not_found');
  });

  it('lists cards primary first, never revealing how the test gateway treats them', async () => {
    const { methods } = value(await customer().listPaymentMethods({ customerId: 'cus_katherine' }));
    expect(methods).toEqual([
      {
        id: 'pm_katherine_visa',
        brand: 'visa',
        last4: '0069',
        expMonth: 1,
        expYear: 2024,
        role: 'primary',
        status: 'expired',
      },
      {
        id: 'pm_katherine_mc',
        brand: 'mastercard',
        last4: '5100',
        expMonth: 8,
        expYear: 2032,
        role: 'backup',
        status: 'active',
      },
    ]);
    expect(JSON.stringify(value(await customer().listPaymentMethods({ customerId: 'cus_grace' })))).not.toContain(
      'decline',
    );
    expect(value(await customer().listPaymentMethods({ customerId: 'cus_linus' })).methods).toEqual([]);
    errorOf(await customer().listPaymentMethods({ customerId: 'cus_nope' }), 'not_found');
  });
});

describe('customer.requestNewCard and checkCardRequest', () => {
  it('records a request; the card appears after the delay, once, as an approving backup card', async () => {
    const order = await createOrder(w.db, 'cus_linus', [{ sku: 'MS-002', quantity: 1 }]);
    const request = value(await customer().requestNewCard({ customerId: 'cus_linus', orderId: order.id }));
    expect(request).toEqual({
      requestId: request.requestId,
      status: 'pending',
      availableAt: new Date(w.clock.now() + 5000).toISOString(),
    });
    expect(value(await customer().requestNewCard({ customerId: 'cus_linus' })).requestId).toBe(request.requestId);

    expect(value(await customer().checkCardRequest({ requestId: request.requestId }))).toEqual({
      requestId: request.requestId,
      status: 'pending',
    });
    w.clock.advance(4999);
    expect(value(await customer().checkCardRequest({ requestId: request.requestId })).status).toBe('pending');
    w.clock.advance(1);
    const [a, b] = await Promise.all([
      customer().checkCardRequest({ requestId: request.requestId }),
      customer().checkCardRequest({ requestId: request.requestId }),
    ]);
    expect(value(a)).toEqual({
      requestId: request.requestId,
      status: 'fulfilled',
      paymentMethodId: `pm_${request.requestId}`,
    });
    expect(value(b)).toEqual(value(a));

    const { methods } = value(await customer().listPaymentMethods({ customerId: 'cus_linus' }));
    expect(methods).toEqual([
      expect.objectContaining({ id: `pm_${request.requestId}`, role: 'backup', status: 'active', brand: 'visa' }),
    ]);
    const card = await w.db.paymentMethod.findUniqueOrThrow({ where: { id: `pm_${request.requestId}` } });
    expect(card.behavior).toBe('approve');
    value(
      await w.services.payment.authorize({
        orderId: order.id,
        paymentMethodId: card.id,
        amountCents: order.totalCents,
        idempotencyKey: 'new-card',
      }),
    );
  });

  it('surfaces a due card in the payment methods even if nobody checked the request', async () => {
    const request = value(await customer().requestNewCard({ customerId: 'cus_alan' }));
    w.clock.advance(5000);
    const { methods } = value(await customer().listPaymentMethods({ customerId: 'cus_alan' }));
    expect(methods.map((m) => m.id)).toEqual(['pm_alan_amex', `pm_${request.requestId}`]);
  });

  it('never fulfils with an infinite delay', async () => {
    const { createServices } = await import('@/lib/services');
    const never = createServices({ db: w.db, clock: w.clock, newCardDelayMs: Infinity });
    const request = value(await never.customer.requestNewCard({ customerId: 'cus_barbara' }));
    expect(request.availableAt).toBeNull();
    w.clock.advance(10 * 365 * 86_400_000);
    expect(value(await never.customer.checkCardRequest({ requestId: request.requestId })).status).toBe('pending');
  });

  it('names bad requests', async () => {
    errorOf(await customer().requestNewCard({ customerId: 'cus_nope' }), 'not_found');
    const grace = await createOrder(w.db, 'cus_grace', [{ sku: 'MS-002', quantity: 1 }]);
    expect(
      errorOf(await customer().requestNewCard({ customerId: 'cus_ada', orderId: grace.id }), 'invalid_input').message,
    ).toContain('orderId');
    errorOf(await customer().checkCardRequest({ requestId: 'req_nope' }), 'not_found');
    errorOf(await customer().checkCardRequest({} as never), 'invalid_input');
  });
});
