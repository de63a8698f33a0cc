import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyFaultPreset } from '@/lib/faults/presets';
import {
  createNotificationDispatcher,
  MAX_DELIVERY_ATTEMPTS,
  type NotificationDispatcher,
} from '@/lib/services/notification-dispatch';
import { listOutbox } from '@/lib/store/outbox';
import { createOrder, createWorld, errorOf, value, type ServiceWorld } from '../../support/services';

let w: ServiceWorld;
let dispatcher: NotificationDispatcher;
beforeEach(async () => {
  w = await createWorld();
  dispatcher = createNotificationDispatcher({ db: w.db, clock: w.clock });
});
afterEach(async () => w.t.dispose());

const providerDown = () => applyFaultPreset(w.db, { preset: 'notification-down' });
const providerBack = () => w.db.faultRule.deleteMany({});
const queueOne = async () => {
  const order = await createOrder(w.db, 'cus_ada', [{ sku: 'MS-002', quantity: 1 }]);
  const queued = value(
    await w.services.notification.queue({
      customerId: 'cus_ada',
      orderId: order.id,
      channel: 'email',
      subject: 'Order confirmed',
      body: 'Thank you.',
    }),
  );
  return { order, queued };
};

describe('queued notifications and the dispatcher', () => {
  it('queues while the provider is down (queueing involves no provider) and shows it queued in the outbox', async () => {
    await providerDown();
    const { order, queued } = await queueOne();
    expect(queued).toMatchObject({ channel: 'email', to: 'ada@example.com', status: 'queued' });
    const [entry] = await listOutbox(w.db, { orderId: order.id });
    expect(entry).toMatchObject({ id: queued.notificationId, status: 'queued', attempts: 0, sentAt: null });
  });

  it('an email queued without a subject is refused', async () => {
    expect(
      errorOf(
        await w.services.notification.queue({ customerId: 'cus_ada', channel: 'email', body: 'b' }),
        'invalid_input',
      ).message,
    ).toContain('subject');
  });

  it('retries while the provider is down, honouring its retry-after, and delivers exactly once when it is back', async () => {
    await providerDown();
    const { order, queued } = await queueOne();
    expect(value(await dispatcher.dispatchDue())).toEqual({ sent: [], retrying: [queued.notificationId], failed: [] });
    const row = await w.db.notification.findUniqueOrThrow({ where: { id: queued.notificationId } });
    expect(row).toMatchObject({ status: 'queued', attempts: 1 });
    expect(row.nextAttemptAt?.getTime()).toBe(w.clock.now() + 5000);
    expect(row.lastError).toContain('provider_down');

    await providerBack();
    // Not due yet: the retry-after is honoured even though the provider is back.
    expect(value(await dispatcher.dispatchDue()).sent).toEqual([]);
    w.clock.advance(5000);
    expect(value(await dispatcher.dispatchDue()).sent).toEqual([queued.notificationId]);
    expect(value(await dispatcher.dispatchDue()).sent).toEqual([]);
    const [entry] = await listOutbox(w.db, { orderId: order.id });
    expect(entry).toMatchObject({
      status: 'sent',
      attempts: 2,
      sentAt: new Date(w.clock.now()).toISOString(),
      lastError: null,
    });
    expect(await w.db.notification.count({ where: { orderId: order.id } })).toBe(1);
  });

  it('gives up after a bounded number of attempts', async () => {
    await providerDown();
    const { queued } = await queueOne();
    for (let i = 0; i < MAX_DELIVERY_ATTEMPTS + 2; i++) {
      await dispatcher.dispatchDue();
      w.clock.advance(60_000);
    }
    expect(await w.db.notification.findUniqueOrThrow({ where: { id: queued.notificationId } })).toMatchObject({
      status: 'failed',
      attempts: MAX_DELIVERY_ATTEMPTS,
    });
    await providerBack();
    expect(value(await dispatcher.dispatchDue()).sent).toEqual([]);
  });

  it('two dispatchers racing deliver a message once', async () => {
    const { queued } = await queueOne();
    const other = createNotificationDispatcher({ db: w.db, clock: w.clock });
    const [a, b] = await Promise.all([dispatcher.dispatchDue(), other.dispatchDue()]);
    expect([...value(a).sent, ...value(b).sent]).toEqual([queued.notificationId]);
  });

  it('the outbox record of a message says where it went and whether it is out yet', async () => {
    const { queued } = await queueOne();
    expect(value(await w.services.notification.status({ notificationId: queued.notificationId }))).toEqual({
      found: true,
      notificationId: queued.notificationId,
      customerId: 'cus_ada',
      channel: 'email',
      to: 'ada@example.com',
      status: 'queued',
    });
    expect(value(await w.services.notification.status({ notificationId: 'ntf_nope' }))).toEqual({
      found: false,
      notificationId: 'ntf_nope',
    });
  });

  it('a message sent at once is "sent" with its send time', async () => {
    const sent = value(await w.services.notification.sendEmail({ customerId: 'cus_ada', subject: 's', body: 'b' }));
    const row = await w.db.notification.findUniqueOrThrow({ where: { id: sent.notificationId } });
    expect(row).toMatchObject({ status: 'sent', attempts: 0 });
    expect(row.sentAt?.getTime()).toBe(w.clock.now());
  });
});
