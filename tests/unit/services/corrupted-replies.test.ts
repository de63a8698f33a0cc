import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SERVICE_OPERATIONS } from '@/lib/faults/catalog';
import { clearFaultRules, createFaultRule } from '@/lib/faults/rules';
import type { ServiceName, ServiceResult } from '@/lib/services/types';
import { createOrder, createWorld, paidOrder, value, type ServiceWorld } from '../../support/services';

/**
 * corrupted_reply on every operation: the call really happens (the database holds the
 * truth), the reply keeps its shape but one field is wrong, and the trace is told what.
 */
let w: ServiceWorld;
beforeAll(async () => {
  w = await createWorld({ newCardDelayMs: 0 });
});
afterAll(async () => w.t.dispose());
beforeEach(async () => {
  await clearFaultRules(w.db);
  w.reporter.reports.length = 0;
});

async function corrupted<T>(
  service: ServiceName,
  operation: string,
  call: () => Promise<ServiceResult<T>>,
): Promise<T> {
  const created = await createFaultRule(w.db, {
    service,
    operation,
    kind: 'corrupted_reply',
    trigger: 'next_n',
    remainingCalls: 1,
  });
  if (!created.ok) throw new Error(created.error.message);
  const result = value(await call());
  expect(w.reporter.reports).toEqual([
    expect.objectContaining({
      ruleId: created.value.id,
      service,
      operation,
      kind: 'corrupted_reply',
      effect: 'corrupted',
      detail: expect.stringContaining(' shown as '),
    }),
  ]);
  return result;
}

const covered = new Set<string>();
const op = (service: ServiceName, operation: string, name: string, body: () => Promise<void>) => {
  covered.add(`${service}.${operation}`);
  it(`${service}.${operation}: ${name}`, body);
};

describe('corrupted replies', () => {
  op('inventory', 'check', 'shows the stock count of another SKU', async () => {
    const reply = await corrupted('inventory', 'check', () =>
      w.services.inventory.check({ items: [{ sku: 'KB-001', quantity: 1 }] }),
    );
    expect(reply.items[0].available).not.toBe(40);
    expect(reply.items[0]).toMatchObject({ sku: 'KB-001', productId: 'prd_keyboard' });
  });

  op('inventory', 'reserve', 'shows a quantity off by one; the hold is right', async () => {
    const order = await createOrder(w.db, 'cus_ada', [{ sku: 'MS-002', quantity: 2 }]);
    const reply = await corrupted('inventory', 'reserve', () => w.services.inventory.reserve({ orderId: order.id }));
    expect(reply.items).toEqual([{ sku: 'MS-002', quantity: 1 }]);
    expect((await w.db.reservation.findFirstOrThrow({ where: { orderId: order.id } })).quantity).toBe(2);
  });

  for (const operation of ['release', 'commit'] as const) {
    op('inventory', operation, 'shows a quantity off by one', async () => {
      const order = await createOrder(w.db, 'cus_ada', [{ sku: 'MS-002', quantity: 3 }]);
      value(await w.services.inventory.reserve({ orderId: order.id }));
      const reply = await corrupted(
        'inventory',
        operation,
        (): Promise<ServiceResult<unknown>> => w.services.inventory[operation]({ orderId: order.id }),
      );
      expect(JSON.stringify(reply)).toContain('"quantity":2');
    });
  }

  op('payment', 'authorize', 'shows an amount other than the order total', async () => {
    const order = await createOrder(w.db, 'cus_ada', [{ sku: 'KB-001', quantity: 1 }]);
    const reply = await corrupted('payment', 'authorize', () =>
      w.services.payment.authorize({
        orderId: order.id,
        paymentMethodId: 'pm_ada_visa',
        amountCents: 12900,
        idempotencyKey: 'c-a',
      }),
    );
    expect(reply.amountCents).toBe(11610);
    expect((await w.db.payment.findUniqueOrThrow({ where: { idempotencyKey: 'c-a' } })).amountCents).toBe(12900);
  });

  op(
    'payment',
    'capture',
    'shows a captured amount other than the order total (preset: corrupted-capture)',
    async () => {
      const order = await createOrder(w.db, 'cus_ada', [{ sku: 'KB-001', quantity: 1 }]);
      const auth = value(
        await w.services.payment.authorize({
          orderId: order.id,
          paymentMethodId: 'pm_ada_visa',
          amountCents: 12900,
          idempotencyKey: 'c-c-a',
        }),
      );
      const reply = await corrupted('payment', 'capture', () =>
        w.services.payment.capture({
          orderId: order.id,
          authorizationId: auth.authorizationId,
          amountCents: 12900,
          idempotencyKey: 'c-c',
        }),
      );
      expect(reply.amountCents).not.toBe(order.totalCents);
      expect((await w.db.payment.findUniqueOrThrow({ where: { id: reply.captureId } })).amountCents).toBe(12900);
    },
  );

  op('payment', 'void', 'names another authorization', async () => {
    const order = await createOrder(w.db, 'cus_ada', [{ sku: 'KB-001', quantity: 1 }]);
    const auth = value(
      await w.services.payment.authorize({
        orderId: order.id,
        paymentMethodId: 'pm_ada_visa',
        amountCents: 12900,
        idempotencyKey: 'c-v-a',
      }),
    );
    const reply = await corrupted('payment', 'void', () =>
      w.services.payment.void({ orderId: order.id, authorizationId: auth.authorizationId, idempotencyKey: 'c-v' }),
    );
    expect(reply.authorizationId).not.toBe(auth.authorizationId);
    expect(reply.authorizationId).toHaveLength(auth.authorizationId.length);
  });

  op('payment', 'refund', 'shows another refunded amount', async () => {
    const { order, capture } = await paidOrder(w);
    const reply = await corrupted('payment', 'refund', () =>
      w.services.payment.refund({
        orderId: order.id,
        captureId: capture.captureId,
        amountCents: 1000,
        idempotencyKey: 'c-r',
      }),
    );
    expect(reply.amountCents).toBe(900);
  });

  op('payment', 'status', 'shows another amount', async () => {
    const { order } = await paidOrder(w);
    const reply = await corrupted('payment', 'status', () =>
      w.services.payment.status({ idempotencyKey: `cap-${order.id}` }),
    );
    expect(reply.found && reply.amountCents).toBe(4410);
  });

  op('shipping', 'quote', 'quotes to another customer’s address', async () => {
    const order = await createOrder(w.db, 'cus_ada', [{ sku: 'MS-002', quantity: 1 }]);
    const reply = await corrupted('shipping', 'quote', () => w.services.shipping.quote({ orderId: order.id }));
    expect(reply.address.addressLine).not.toBe('12 Analytical Way');
  });

  op('shipping', 'createLabel', 'shows a label for another address; the shipment is to the right one', async () => {
    const { order } = await paidOrder(w);
    const reply = await corrupted('shipping', 'createLabel', () =>
      w.services.shipping.createLabel({ orderId: order.id, carrier: 'ups' }),
    );
    expect(reply.address.addressLine).not.toBe('12 Analytical Way');
    expect((await w.db.shipment.findUniqueOrThrow({ where: { id: reply.shipmentId } })).addressLine).toBe(
      '12 Analytical Way',
    );
  });

  op('shipping', 'cancelLabel', 'names another label', async () => {
    const { order } = await paidOrder(w);
    const label = value(await w.services.shipping.createLabel({ orderId: order.id, carrier: 'ups' }));
    const reply = await corrupted('shipping', 'cancelLabel', () =>
      w.services.shipping.cancelLabel({ orderId: order.id, labelId: label.labelId }),
    );
    expect(reply.labelId).not.toBe(label.labelId);
  });

  op('shipping', 'holdShipment', 'names another shipment', async () => {
    const { order } = await paidOrder(w);
    const reply = await corrupted('shipping', 'holdShipment', () =>
      w.services.shipping.holdShipment({ orderId: order.id, reason: 'test' }),
    );
    expect(await w.db.shipment.count({ where: { id: reply.shipmentId } })).toBe(0);
  });

  for (const operation of ['sendEmail', 'sendSms'] as const) {
    op('notification', operation, 'says it went to someone else', async () => {
      const reply = await corrupted('notification', operation, () =>
        operation === 'sendEmail'
          ? w.services.notification.sendEmail({ customerId: 'cus_ada', subject: 's', body: 'b' })
          : w.services.notification.sendSms({ customerId: 'cus_ada', body: 'b' }),
      );
      const row = await w.db.notification.findUniqueOrThrow({ where: { id: reply.notificationId } });
      expect(reply.to).not.toBe(row.to);
    });
  }

  op('notification', 'queue', 'says it was queued for someone else', async () => {
    const reply = await corrupted('notification', 'queue', () =>
      w.services.notification.queue({ customerId: 'cus_ada', channel: 'email', subject: 's', body: 'b' }),
    );
    const row = await w.db.notification.findUniqueOrThrow({ where: { id: reply.notificationId } });
    expect(row.status).toBe('queued');
    expect(reply.to).not.toBe(row.to);
  });

  op('notification', 'status', 'shows another recipient than the one on record', async () => {
    const sent = value(await w.services.notification.sendEmail({ customerId: 'cus_ada', subject: 's', body: 'b' }));
    const reply = await corrupted('notification', 'status', () =>
      w.services.notification.status({ notificationId: sent.notificationId }),
    );
    expect(reply).toMatchObject({ found: true, notificationId: sent.notificationId });
    expect(reply.found && reply.to).not.toBe('ada@example.com');
  });

  op('customer', 'getProfile', 'shows another address', async () => {
    const reply = await corrupted('customer', 'getProfile', () =>
      w.services.customer.getProfile({ customerId: 'cus_ada' }),
    );
    expect(reply).toMatchObject({ id: 'cus_ada', name: 'Ada Lovelace' });
    expect(reply.address.addressLine).not.toBe('12 Analytical Way');
  });

  op('customer', 'listPaymentMethods', 'shows a card’s status flipped', async () => {
    const reply = await corrupted('customer', 'listPaymentMethods', () =>
      w.services.customer.listPaymentMethods({ customerId: 'cus_katherine' }),
    );
    expect(reply.methods[0]).toMatchObject({ id: 'pm_katherine_visa', status: 'active' });
  });

  op('customer', 'requestNewCard', 'names a request that does not exist', async () => {
    const reply = await corrupted('customer', 'requestNewCard', () =>
      w.services.customer.requestNewCard({ customerId: 'cus_linus' }),
    );
    expect(await w.db.cardRequest.count({ where: { id: reply.requestId } })).toBe(0);
  });

  op('customer', 'checkCardRequest', 'names another card', async () => {
    const request = await w.db.cardRequest.create({
      data: { id: 'req_c', customerId: 'cus_linus', availableAt: new Date(w.clock.now()) },
    });
    const reply = await corrupted('customer', 'checkCardRequest', () =>
      w.services.customer.checkCardRequest({ requestId: request.id }),
    );
    expect(reply.status).toBe('fulfilled');
    expect(reply.paymentMethodId).not.toBe('pm_req_c');
  });

  it('covers every operation a fault can target', () => {
    const all = Object.entries(SERVICE_OPERATIONS).flatMap(([service, ops]) => ops.map((o) => `${service}.${o}`));
    expect([...covered].sort()).toEqual(all.sort());
  });

  it('passes a reply with nothing to corrupt through, and says so', async () => {
    await createFaultRule(w.db, { service: 'payment', operation: 'status', kind: 'corrupted_reply' });
    expect(value(await w.services.payment.status({ idempotencyKey: 'never' }))).toEqual({ found: false });
    expect(w.reporter.reports[0]).toMatchObject({ effect: 'unchanged' });
  });
});
