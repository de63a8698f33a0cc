import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNotificationDispatcher } from '@/lib/services/notification-dispatch';
import type { TraceEvent } from '@/lib/trace/events';
import { createCheckoutHarness, type Harness } from '../../support/checkout-harness';

let h: Harness;
afterEach(async () => h?.dispose());

async function withPreset(preset: string) {
  expect(await h.rt.applyPreset(preset)).toBe(true);
}

const toolResults = (events: TraceEvent[], toolName: string) =>
  events.filter((e): e is Extract<TraceEvent, { type: 'tool.result' }> => e.type === 'tool.result' && e.data.toolName === toolName);
const asked = (events: TraceEvent[]) =>
  events.filter((e): e is Extract<TraceEvent, { type: 'message.sent' }> => e.type === 'message.sent' && e.data.direction === 'request').map((e) => e.data.to);

async function rows(orderId: string) {
  const db = h.t.db;
  const [order, payments, reservations, shipments, notifications] = await Promise.all([
    db.order.findUniqueOrThrow({ where: { id: orderId } }),
    db.payment.findMany({ where: { orderId }, orderBy: { createdAt: 'asc' } }),
    db.reservation.findMany({ where: { orderId } }),
    db.shipment.findMany({ where: { orderId } }),
    db.notification.findMany({ where: { orderId } }),
  ]);
  const ok = payments.filter((p) => p.status === 'succeeded');
  return { order, payments, ok, reservations, shipments, notifications, captures: ok.filter((p) => p.kind === 'capture') };
}

describe('checkout scenarios over the real services and database', () => {
  beforeEach(async () => {
    h = await createCheckoutHarness();
  });

  it('happy path: all five specialists, order placed, stock committed, customer told', async () => {
    const [run] = await h.order({ customerId: 'cus_ada', items: [{ sku: 'KB-001', quantity: 2 }] });
    expect(run.status).toBe('succeeded');
    const r = await rows(run.order.orderId);
    expect(r.order).toMatchObject({ status: 'placed', needsReview: false, totalCents: 25800 });
    expect(r.captures).toHaveLength(1);
    expect(r.captures[0].amountCents).toBe(25800);
    expect(r.reservations.map((x) => x.status)).toEqual(['committed']);
    expect(r.shipments).toMatchObject([{ status: 'label_created', carrier: 'ups' }]);
    expect(r.notifications).toHaveLength(1);
    const product = await h.t.db.product.findUniqueOrThrow({ where: { sku: 'KB-001' } });
    expect(product).toMatchObject({ stock: 38, reserved: 0 });
    const events = await h.events(run.runId);
    expect(new Set(asked(events))).toEqual(new Set(['CustomerAgent', 'ShippingAgent', 'InventoryAgent', 'PaymentAgent', 'NotificationAgent']));
    expect(events[0].type).toBe('run.started');
    expect(events.at(-1)).toMatchObject({ type: 'run.finished', data: { status: 'succeeded' } });
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  });

  it('primary declined → the backup card pays (no scenario code: the decline makes the primary unusable)', async () => {
    const [run] = await h.order({ customerId: 'cus_grace' });
    expect(run.status).toBe('succeeded');
    const r = await rows(run.order.orderId);
    expect(r.payments.filter((p) => p.kind === 'authorization').map((p) => [p.paymentMethodId, p.status])).toEqual([
      ['pm_grace_visa', 'failed'], ['pm_grace_mc', 'succeeded'],
    ]);
    expect(r.captures).toHaveLength(1);
    const events = await h.events(run.runId);
    const replan = events.find((e) => e.type === 'model.step' && e.agent === 'CheckoutAgent' && /unusable/.test(e.data.reasoning));
    expect(replan).toBeDefined();
  });

  it('injected decline of primary cards for a customer with no backup and no new card → failed cleanly', async () => {
    await h.dispose();
    h = await createCheckoutHarness({ newCardDelayMs: Infinity });
    await withPreset('decline-primary-cards');
    const [run] = await h.order({ customerId: 'cus_alan' });
    expect(run.status).toBe('failed');
    const r = await rows(run.order.orderId);
    expect(r.order).toMatchObject({ status: 'failed', needsReview: false });
    expect(r.captures).toHaveLength(0);
    expect(r.reservations.map((x) => x.status)).toEqual(['released']);
    expect(await h.t.db.cardRequest.count({ where: { customerId: 'cus_alan' } })).toBe(1);
    expect(r.notifications.map((n) => n.subject)).toEqual([expect.stringMatching(/Action needed/), expect.stringMatching(/could not be completed/)]);
    expect(await h.t.db.product.findUniqueOrThrow({ where: { sku: 'KB-001' } })).toMatchObject({ stock: 40, reserved: 0 });
    const events = await h.events(run.runId);
    expect(events.filter((e) => e.type === 'fault.injected').length).toBeGreaterThan(0);
  });

  it('a customer with no card gets a new one in time and the order is placed', async () => {
    const [run] = await h.order({ customerId: 'cus_linus' });
    expect(run.status).toBe('succeeded');
    const r = await rows(run.order.orderId);
    expect(r.captures).toHaveLength(1);
    expect(r.ok.find((p) => p.kind === 'authorization')?.paymentMethodId).toMatch(/^pm_/);
  });

  it('gateway timeouts → status check, backoff, retry, success with exactly one authorization', async () => {
    await withPreset('gateway-timeouts');
    const [run] = await h.order({ customerId: 'cus_ada' });
    expect(run.status).toBe('succeeded');
    const events = await h.events(run.runId);
    const authorizeResults = toolResults(events, 'payment_authorize');
    expect(authorizeResults.map((e) => e.data.status)).toEqual(['error', 'error', 'ok']);
    expect(toolResults(events, 'payment_status').length).toBeGreaterThanOrEqual(1);
    expect(toolResults(events, 'wait').length).toBeGreaterThanOrEqual(2);
    const r = await rows(run.order.orderId);
    expect(r.ok.filter((p) => p.kind === 'authorization')).toHaveLength(1);
  });

  it('ambiguous capture → the status check finds the money moved; exactly one capture', async () => {
    await withPreset('ambiguous-capture');
    const [run] = await h.order({ customerId: 'cus_ada' });
    expect(run.status).toBe('succeeded');
    const events = await h.events(run.runId);
    expect(toolResults(events, 'payment_capture').map((e) => e.data.status)).toEqual(['error']);
    expect(toolResults(events, 'payment_status').at(-1)?.data.status).toBe('ok');
    const r = await rows(run.order.orderId);
    expect(r.captures).toHaveLength(1);
    expect(r.order.status).toBe('placed');
  });

  it('out of stock → nothing charged, customer told, order failed', async () => {
    const [run] = await h.order({ customerId: 'cus_ada', items: [{ sku: 'SD-011', quantity: 2 }] });
    expect(run.status).toBe('failed');
    const r = await rows(run.order.orderId);
    expect(r.payments).toHaveLength(0);
    expect(r.reservations).toHaveLength(0);
    expect(r.notifications.map((n) => n.subject)).toEqual([expect.stringMatching(/could not be completed/)]);
    expect(r.order).toMatchObject({ status: 'failed', needsReview: false });
  });

  it('carrier outage → another carrier', async () => {
    await withPreset('carrier-outage');
    const [run] = await h.order({ customerId: 'cus_ada' });
    expect(run.status).toBe('succeeded');
    const r = await rows(run.order.orderId);
    expect(r.shipments.filter((s) => s.status === 'label_created').map((s) => s.carrier)).toEqual(['fedex']);
  });

  it('notification provider down → the paid order is placed, the message queued; provider back → delivered exactly once', async () => {
    await withPreset('notification-down');
    const [run] = await h.order({ customerId: 'cus_ada' });
    expect(run.status).toBe('succeeded');
    const r = await rows(run.order.orderId);
    expect(r.order.status).toBe('placed');
    expect(r.captures).toHaveLength(1);
    expect(r.notifications).toMatchObject([{ status: 'queued', subject: expect.stringMatching(/confirmed/), sentAt: null }]);
    const events = await h.events(run.runId);
    expect(toolResults(events, 'notification_send_email').map((e) => e.data.status)).toEqual(['error', 'error', 'error']);
    expect(toolResults(events, 'notification_queue').map((e) => e.data.status)).toEqual(['ok']);
    expect(events.at(-1)).toMatchObject({ type: 'run.finished', data: { status: 'succeeded' } });

    const dispatcher = createNotificationDispatcher({ db: h.t.db, clock: h.clock });
    expect((await dispatcher.dispatchDue()).ok).toBe(true);
    expect(await h.t.db.notification.findMany({ where: { orderId: run.order.orderId } })).toMatchObject([{ status: 'queued', attempts: 1 }]);
    await h.t.db.faultRule.deleteMany({});
    h.clock.advance(5_000);
    await dispatcher.dispatchDue();
    await dispatcher.dispatchDue();
    expect(await h.t.db.notification.findMany({ where: { orderId: run.order.orderId } })).toMatchObject([{ status: 'sent', attempts: 2 }]);
  });

  it('address outside the shipping zones → nothing charged, failed cleanly', async () => {
    const [run] = await h.order({ customerId: 'cus_margaret' });
    expect(run.status).toBe('failed');
    const r = await rows(run.order.orderId);
    expect(r.payments).toHaveLength(0);
    expect(r.order.needsReview).toBe(false);
  });

  it('a corrupted capture reply is verified against the record: one capture, order placed', async () => {
    await withPreset('corrupted-capture');
    const [run] = await h.order({ customerId: 'cus_ada' });
    expect(run.status).toBe('succeeded');
    const r = await rows(run.order.orderId);
    expect(r.captures).toHaveLength(1);
    expect(r.captures[0].amountCents).toBe(r.order.totalCents);
  });

  it('the classic orchestrator under the same decline fails the way such code does', async () => {
    await withPreset('decline-primary-cards');
    const [run] = await h.order({ customerId: 'cus_grace', mode: 'orchestrator' });
    expect(run.status).toBe('failed');
    const events = await h.events(run.runId);
    expect(events.filter((e) => e.type === 'tool.call').every((e) => e.agent === 'OrderService')).toBe(true);
    expect(events.some((e) => e.type === 'model.step')).toBe(false);
    const r = await rows(run.order.orderId);
    expect(r.payments.filter((p) => p.kind === 'authorization')).toHaveLength(1);
  });
});
