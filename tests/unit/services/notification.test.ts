import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrder, createWorld, errorOf, value, type ServiceWorld } from '../../support/services';

let w: ServiceWorld;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => w.t.dispose());

const notify = () => w.services.notification;

describe('notification', () => {
  it('sends an email to the customer address on file and keeps it in the outbox', async () => {
    const order = await createOrder(w.db, 'cus_ada', [{ sku: 'MS-002', quantity: 1 }]);
    const sent = value(
      await notify().sendEmail({
        customerId: 'cus_ada',
        orderId: order.id,
        subject: 'Order confirmed',
        body: 'Thank you.',
      }),
    );
    expect(sent).toEqual({ notificationId: sent.notificationId, channel: 'email', to: 'ada@example.com' });
    const row = await w.db.notification.findUniqueOrThrow({ where: { id: sent.notificationId } });
    expect(row).toMatchObject({
      orderId: order.id,
      customerId: 'cus_ada',
      subject: 'Order confirmed',
      body: 'Thank you.',
    });
    expect(row.createdAt.getTime()).toBe(w.clock.now());
  });

  it('sends an SMS to the phone on file', async () => {
    w.clock.advance(1000);
    const sent = value(await notify().sendSms({ customerId: 'cus_grace', body: 'Your order shipped.' }));
    expect(sent).toMatchObject({ channel: 'sms', to: '+1 212 555 0102' });
  });

  it('lists the outbox newest first, by order, with a limit', async () => {
    const all = value(await notify().list());
    expect(all.notifications.map((n) => n.channel)).toEqual(['sms', 'email']);
    const orderId = all.notifications[1].orderId!;
    expect(value(await notify().list({ orderId })).notifications).toHaveLength(1);
    expect(value(await notify().list({ limit: 1 })).notifications).toHaveLength(1);
    errorOf(await notify().list({ limit: 0 }), 'invalid_input');
  });

  it('refuses unknown customers and orders, another customer’s order, and empty messages', async () => {
    errorOf(await notify().sendEmail({ customerId: 'cus_nope', subject: 's', body: 'b' }), 'not_found');
    errorOf(await notify().sendSms({ customerId: 'cus_ada', orderId: 'ord_nope', body: 'b' }), 'not_found');
    const grace = await createOrder(w.db, 'cus_grace', [{ sku: 'MS-002', quantity: 1 }]);
    expect(
      errorOf(
        await notify().sendEmail({ customerId: 'cus_ada', orderId: grace.id, subject: 's', body: 'b' }),
        'invalid_input',
      ).message,
    ).toContain('orderId');
    expect(
      errorOf(await notify().sendEmail({ customerId: 'cus_ada', subject: '', body: 'b' }), 'invalid_input').message,
    ).toContain('subject');
    expect(
      errorOf(await notify().sendSms({ customerId: 'cus_ada', body: 'x'.repeat(1601) }), 'invalid_input').message,
    ).toContain('body');
    expect(await w.db.notification.count()).toBe(2);
  });
});
