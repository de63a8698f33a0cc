import { afterEach, describe, expect, it } from 'vitest';
import { createFaultRule } from '@/lib/faults/rules';
import { createNotificationDispatcher } from '@/lib/services/notification-dispatch';
import { createCheckoutHarness, type Harness } from '../../support/checkout-harness';
import { ALL_SPECIALISTS, expectScenario, type ScenarioExpectation } from '../../support/scenario-expectations';

let h: Harness;
afterEach(async () => h?.dispose());

async function world(options: { preset?: string; rules?: Record<string, unknown>[]; newCardDelayMs?: number } = {}) {
  h = await createCheckoutHarness({ newCardDelayMs: options.newCardDelayMs });
  if (options.preset) expect(await h.rt.applyPreset(options.preset)).toBe(true);
  for (const rule of options.rules ?? [])
    expect((await createFaultRule(h.t.db, { name: 'scenario rule', ...rule })).ok).toBe(true);
  return h;
}

const KB = (stock: number) => ({ 'KB-001': { stock, reserved: 0 } });
const PAID = ['authorization:succeeded', 'capture:succeeded'];
const CONFIRMED = { status: 'sent', subject: /confirmed/ } as const;
/** Ada's one keyboard, placed as the happy path places it: paid, stock committed, a UPS label. */
const PLACED: Omit<ScenarioExpectation, 'notifications' | 'trace'> = {
  run: 'succeeded',
  order: { status: 'placed' },
  payments: PAID,
  stock: KB(39),
  reservations: ['committed'],
  shipments: ['label_created:ups'],
};
/** The next reply of `operation` and of the status check that verifies it both show a wrong amount: the money really looks wrong. */
const corruptedWithItsRecord = (operation: string) =>
  ['status', operation].map((op) => ({
    service: 'payment',
    operation: op,
    kind: 'corrupted_reply',
    trigger: 'next_n',
    remainingCalls: 1,
  }));
const NOT_COMPLETED = { status: 'sent', subject: /could not be completed/ } as const;

describe('checkout scenarios over the real services and database', () => {
  it('happy path: all five specialists, order placed, stock committed, customer told', async () => {
    await world();
    const [run] = await h.order({ customerId: 'cus_ada', items: [{ sku: 'KB-001', quantity: 2 }] });
    const s = await expectScenario(h, run, {
      run: 'succeeded',
      order: { status: 'placed' },
      payments: PAID,
      stock: KB(38),
      reservations: ['committed'],
      shipments: ['label_created:ups'],
      notifications: [{ ...CONFIRMED, body: /charged \$258\.00/ }],
      trace: {
        asked: ALL_SPECIALISTS,
        faults: false,
        tools: { payment_authorize: ['ok'], payment_capture: ['ok'], shipping_create_label: ['ok'] },
      },
    });
    expect(s.order.totalCents).toBe(25800);
  });

  it('primary declined → the backup card pays (no scenario code: the decline makes the primary unusable)', async () => {
    await world();
    const [run] = await h.order({ customerId: 'cus_grace' });
    const s = await expectScenario(h, run, {
      run: 'succeeded',
      order: { status: 'placed' },
      payments: ['authorization:failed', ...PAID],
      stock: KB(39),
      reservations: ['committed'],
      shipments: ['label_created:ups'],
      notifications: [CONFIRMED],
      trace: {
        asked: ALL_SPECIALISTS,
        faults: false,
        tools: { payment_authorize: ['error', 'ok'] },
        reasoning: /unusable/,
      },
    });
    expect(
      s.payments
        .filter((p) => p.kind === 'authorization')
        .map((p) => [p.paymentMethodId, p.status])
        .sort(),
    ).toEqual([
      ['pm_grace_mc', 'succeeded'],
      ['pm_grace_visa', 'failed'],
    ]);
  });

  it('no backup and no new card → asks for one, then releases the stock, tells the customer, fails cleanly', async () => {
    await world({ preset: 'decline-primary-cards', newCardDelayMs: Infinity });
    const [run] = await h.order({ customerId: 'cus_alan' });
    await expectScenario(h, run, {
      run: 'failed',
      order: { status: 'failed' },
      payments: ['authorization:failed'],
      stock: KB(40),
      reservations: ['released'],
      shipments: [],
      notifications: [
        { status: 'sent', subject: /Action needed/ },
        { ...NOT_COMPLETED, body: /Nothing was charged\./ },
      ],
      trace: {
        asked: ['CustomerAgent', 'ShippingAgent', 'InventoryAgent', 'PaymentAgent', 'NotificationAgent'],
        faults: true,
        tools: { customer_request_new_card: ['ok'] },
      },
    });
    expect(await h.t.db.cardRequest.count({ where: { customerId: 'cus_alan' } })).toBe(1);
  });

  it('a customer with no card gets a new one in time and the order is placed', async () => {
    await world();
    const [run] = await h.order({ customerId: 'cus_linus' });
    await expectScenario(h, run, {
      ...PLACED,
      notifications: [{ status: 'sent', subject: /Action needed/ }, CONFIRMED],
      trace: {
        asked: ALL_SPECIALISTS,
        faults: false,
        tools: { customer_request_new_card: ['ok'], payment_authorize: ['ok'] },
      },
    });
  });

  it('gateway timeouts → status check, backoff, retry, success with exactly one authorization', async () => {
    await world({ preset: 'gateway-timeouts' });
    const [run] = await h.order({ customerId: 'cus_ada' });
    await expectScenario(h, run, {
      ...PLACED,
      notifications: [CONFIRMED],
      trace: {
        asked: ALL_SPECIALISTS,
        faults: true,
        tools: { payment_authorize: ['error', 'error', 'ok'], payment_status: ['ok', 'ok'] },
      },
    });
  });

  it('ambiguous capture → the status check finds the money moved; exactly one capture', async () => {
    await world({ preset: 'ambiguous-capture' });
    const [run] = await h.order({ customerId: 'cus_ada' });
    await expectScenario(h, run, {
      ...PLACED,
      notifications: [CONFIRMED],
      trace: { asked: ALL_SPECIALISTS, faults: true, tools: { payment_capture: ['error'], payment_status: ['ok'] } },
    });
  });

  it('out of stock → nothing reserved or charged, customer told, order failed', async () => {
    await world();
    const [run] = await h.order({ customerId: 'cus_ada', items: [{ sku: 'SD-011', quantity: 2 }] });
    await expectScenario(h, run, {
      run: 'failed',
      order: { status: 'failed' },
      payments: [],
      stock: { 'SD-011': { stock: 1, reserved: 0 } },
      reservations: [],
      shipments: [],
      notifications: [{ ...NOT_COMPLETED, body: /out of stock/ }],
      trace: {
        asked: ['CustomerAgent', 'ShippingAgent', 'InventoryAgent', 'NotificationAgent'],
        faults: false,
        tools: { inventory_reserve: ['error'] },
      },
    });
  });

  it('carrier outage → another carrier', async () => {
    await world({ preset: 'carrier-outage' });
    const [run] = await h.order({ customerId: 'cus_ada' });
    await expectScenario(h, run, {
      run: 'succeeded',
      order: { status: 'placed' },
      payments: PAID,
      stock: KB(39),
      reservations: ['committed'],
      shipments: ['label_created:fedex'],
      notifications: [{ ...CONFIRMED, body: /FEDEX/ }],
      trace: { asked: ALL_SPECIALISTS, faults: true, tools: { shipping_create_label: ['error', 'ok'] } },
    });
  });

  it('every carrier down → the paid order is placed with its shipment held, and the customer told', async () => {
    await world({ rules: [{ service: 'shipping', operation: 'createLabel', kind: 'carrier_outage' }] });
    const [run] = await h.order({ customerId: 'cus_ada' });
    await expectScenario(h, run, {
      run: 'succeeded',
      order: { status: 'placed' },
      payments: PAID,
      stock: KB(39),
      reservations: ['committed'],
      shipments: ['held:none'],
      notifications: [{ ...CONFIRMED, body: /as soon as a carrier is available/ }],
      trace: {
        asked: ALL_SPECIALISTS,
        faults: true,
        tools: { shipping_create_label: ['error', 'error', 'error'], shipping_hold: ['ok', 'ok'] },
      },
    });
  });

  it('notification provider down → the paid order is placed, the message queued; provider back → delivered exactly once', async () => {
    await world({ preset: 'notification-down' });
    const [run] = await h.order({ customerId: 'cus_ada' });
    await expectScenario(h, run, {
      ...PLACED,
      notifications: [{ status: 'queued', subject: /confirmed/ }],
      trace: {
        asked: ALL_SPECIALISTS,
        faults: true,
        tools: { notification_send_email: ['error', 'error', 'error'], notification_queue: ['ok'] },
      },
    });

    const dispatcher = createNotificationDispatcher({ db: h.t.db, clock: h.clock });
    await dispatcher.dispatchDue();
    expect(await h.t.db.notification.findMany({ where: { orderId: run.order.orderId } })).toMatchObject([
      { status: 'queued', attempts: 1 },
    ]);
    await h.t.db.faultRule.deleteMany({});
    h.clock.advance(5_000);
    await dispatcher.dispatchDue();
    await dispatcher.dispatchDue();
    expect(await h.t.db.notification.findMany({ where: { orderId: run.order.orderId } })).toMatchObject([
      { status: 'sent', attempts: 2 },
    ]);
  });

  it('address outside the shipping zones → nothing charged, failed cleanly', async () => {
    await world();
    const [run] = await h.order({ customerId: 'cus_margaret' });
    await expectScenario(h, run, {
      run: 'failed',
      order: { status: 'failed' },
      payments: [],
      stock: KB(40),
      reservations: [],
      shipments: [],
      notifications: [{ ...NOT_COMPLETED, body: /cannot ship/ }],
      trace: {
        asked: ['CustomerAgent', 'ShippingAgent', 'NotificationAgent'],
        faults: false,
        tools: { shipping_quote: ['error'] },
      },
    });
  });

  it('rate-limited payments → waits as told, then succeeds', async () => {
    await world({ preset: 'rate-limited-payments' });
    const [run] = await h.order({ customerId: 'cus_ada' });
    const s = await expectScenario(h, run, {
      ...PLACED,
      notifications: [CONFIRMED],
      trace: { asked: ALL_SPECIALISTS, faults: true, tools: { payment_authorize: ['error', 'error', 'error', 'ok'] } },
    });
    const waits = s.events.filter(
      (e) => e.type === 'tool.call' && e.data.toolName === 'wait' && e.agent === 'PaymentAgent',
    );
    expect(waits.map((e) => (e.type === 'tool.call' ? (e.data.input as { ms: number }).ms : 0))).toEqual([
      1000, 1000, 1000,
    ]);
  });

  it('a 5xx from the gateway → retried with backoff, then succeeds', async () => {
    await world({
      rules: [
        { service: 'payment', operation: 'authorize', kind: 'server_error', trigger: 'next_n', remainingCalls: 2 },
      ],
    });
    const [run] = await h.order({ customerId: 'cus_ada' });
    await expectScenario(h, run, {
      ...PLACED,
      notifications: [CONFIRMED],
      trace: {
        asked: ALL_SPECIALISTS,
        faults: true,
        tools: { payment_authorize: ['error', 'error', 'ok'], wait: ['ok', 'ok'] },
      },
    });
  });

  it('a corrupted capture reply is verified against the record: one capture, order placed', async () => {
    await world({ preset: 'corrupted-capture' });
    const [run] = await h.order({ customerId: 'cus_ada' });
    await expectScenario(h, run, {
      ...PLACED,
      notifications: [CONFIRMED],
      trace: { asked: ALL_SPECIALISTS, faults: true, tools: { payment_capture: ['ok'], payment_status: ['ok'] } },
    });
  });

  it('a capture whose reply and record both show a wrong amount is refunded, never redone: failed safely, customer told of the refund', async () => {
    await world({ rules: corruptedWithItsRecord('capture') });
    const [run] = await h.order({ customerId: 'cus_ada' });
    await expectScenario(h, run, {
      run: 'failed',
      order: { status: 'failed' },
      payments: ['authorization:succeeded', 'capture:succeeded', 'refund:succeeded'],
      stock: KB(40),
      reservations: ['released'],
      shipments: [],
      notifications: [{ ...NOT_COMPLETED, body: /refunded/ }],
      trace: {
        asked: ['CustomerAgent', 'ShippingAgent', 'InventoryAgent', 'PaymentAgent', 'NotificationAgent'],
        faults: true,
        tools: { payment_capture: ['ok'], payment_status: ['ok'], payment_refund: ['ok'] },
      },
    });
  });

  it('a wrong capture whose refund keeps failing: stock released, customer told the truth; after the run the harness refunds it', async () => {
    await world({
      rules: [...corruptedWithItsRecord('capture'), { service: 'payment', operation: 'refund', kind: 'server_error' }],
    });
    const [run] = await h.order({ customerId: 'cus_ada' });
    // What the agents left: money taken for a failed order. Settlement (no injected faults) gives it back.
    expect(run.leftByRun).toMatchObject({ capturedCents: 12900, refundedCents: 0, needsReview: true });
    expect(run.outcome).toMatch(/^order failed, settled by the harness \(refunded 12900 cents of cap_/);
    await expectScenario(h, run, {
      run: 'failed',
      order: { status: 'failed', needsReview: false },
      payments: ['authorization:succeeded', 'capture:succeeded', 'refund:succeeded'],
      stock: KB(40),
      reservations: ['released'],
      shipments: [],
      notifications: [{ ...NOT_COMPLETED, body: /We charged \$129\.00 and could not refund it yet/ }],
      trace: {
        asked: ['CustomerAgent', 'ShippingAgent', 'InventoryAgent', 'PaymentAgent', 'NotificationAgent'],
        faults: true,
        tools: { payment_capture: ['ok'], shipping_create_label: [] },
      },
    });
  });

  it('an authorization whose reply and record both show a wrong amount is voided and redone: order placed', async () => {
    await world({ rules: corruptedWithItsRecord('authorize') });
    const [run] = await h.order({ customerId: 'cus_ada' });
    await expectScenario(h, run, {
      run: 'succeeded',
      order: { status: 'placed' },
      payments: ['authorization:succeeded', 'void:succeeded', ...PAID],
      stock: KB(39),
      reservations: ['committed'],
      shipments: ['label_created:ups'],
      notifications: [CONFIRMED],
      trace: {
        asked: ALL_SPECIALISTS,
        faults: true,
        tools: { payment_authorize: ['ok', 'ok'], payment_status: ['ok'], payment_void: ['ok'] },
      },
    });
  });

  it('a corrupted reservation reply (a quantity off) is asked again, not believed: the true reservation goes on', async () => {
    await world({
      rules: [
        { service: 'inventory', operation: 'reserve', kind: 'corrupted_reply', trigger: 'next_n', remainingCalls: 1 },
      ],
    });
    const [run] = await h.order({ customerId: 'cus_ada', items: [{ sku: 'KB-001', quantity: 2 }] });
    await expectScenario(h, run, {
      run: 'succeeded',
      order: { status: 'placed' },
      payments: PAID,
      stock: KB(38),
      reservations: ['committed'],
      shipments: ['label_created:ups'],
      notifications: [CONFIRMED],
      trace: {
        asked: ALL_SPECIALISTS,
        faults: true,
        tools: { inventory_reserve: ['ok', 'ok'], inventory_release: [] },
      },
    });
  });

  it('a confirmation reply naming another recipient is checked against the outbox: told once, order placed', async () => {
    await world({
      rules: [
        {
          service: 'notification',
          operation: 'sendEmail',
          kind: 'corrupted_reply',
          trigger: 'next_n',
          remainingCalls: 1,
        },
      ],
    });
    const [run] = await h.order({ customerId: 'cus_ada' });
    const s = await expectScenario(h, run, {
      ...PLACED,
      notifications: [CONFIRMED],
      trace: {
        asked: ALL_SPECIALISTS,
        faults: true,
        tools: { notification_send_email: ['ok'], notification_status: ['ok'] },
      },
    });
    expect(s.notifications[0].to).toBe('ada@example.com');
  });

  it('the classic orchestrator under the same decline fails the way such code does', async () => {
    await world({ preset: 'decline-primary-cards' });
    const [run] = await h.order({ customerId: 'cus_grace', mode: 'orchestrator' });
    const events = await h.events(run.runId);
    expect(run.status).toBe('failed');
    expect(events.filter((e) => e.type === 'tool.call').every((e) => e.agent === 'OrderService')).toBe(true);
    expect(events.some((e) => e.type === 'model.step')).toBe(false);
    expect(await h.t.db.payment.count({ where: { orderId: run.order.orderId, kind: 'authorization' } })).toBe(1);
  });
});
