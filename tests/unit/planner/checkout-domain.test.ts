import { describe, expect, it } from 'vitest';
import { ASK_TOOL, SPECIALISTS } from '@/lib/protocol/agents';
import { finalAnswer, simulate } from '../../support/planner-simulate';

const TOOLS = SPECIALISTS.map((s) => ASK_TOOL[s]);
const GOAL = {
  goal: 'complete_order',
  orderId: 'ord_1',
  customerId: 'cus_1',
  amountCents: 12900,
  currency: 'USD',
  items: [{ sku: 'KB-001', quantity: 1 }],
};

type Task = Record<string, unknown> & { action: string };
type World = Partial<Record<string, (task: Task, n: number) => Record<string, unknown>>>;

const okAnswer = (action: string, result: Record<string, unknown> = {}) => ({ status: 'ok', action, result });
const failed = (action: string, code: string) => ({ status: 'failed', action, error: { code, message: code } });

const CARDS = [
  { id: 'pm_primary', role: 'primary', status: 'active', brand: 'visa', last4: '0002' },
  { id: 'pm_backup', role: 'backup', status: 'active', brand: 'mastercard', last4: '4444' },
];

/** A world where every ask succeeds unless `overrides` says otherwise. */
function run(overrides: World = {}, cards = CARDS) {
  const counts = new Map<string, number>();
  const happy: World = {
    list_payment_methods: () => okAnswer('list_payment_methods', { customerId: 'cus_1', methods: cards }),
    reserve: () => okAnswer('reserve'),
    quote: () => okAnswer('quote'),
    authorize: (t) => okAnswer('authorize', { authorizationId: `auth_${String(t.paymentMethodId)}` }),
    capture: () => okAnswer('capture', { captureId: 'cap_1' }),
    ship: () => okAnswer('ship', { carrier: 'ups', trackingNo: '1Z', status: 'label_created' }),
    commit: () => okAnswer('commit'),
    notify: (t) => okAnswer('notify', { topic: t.topic }),
    release: () => okAnswer('release'),
    void: () => okAnswer('void'),
    refund: () => okAnswer('refund'),
    request_new_card: () => okAnswer('request_new_card', { requestId: 'req_1' }),
    await_new_card: () => okAnswer('await_new_card', { paymentMethodId: 'pm_new' }),
  };
  const world = { ...happy, ...overrides };
  const result = simulate(TOOLS, GOAL, (_tool, input) => {
    const task = input.task as Task;
    const n = (counts.get(task.action) ?? 0) + 1;
    counts.set(task.action, n);
    return world[task.action]!(task, n);
  });
  const steps = result.calls.map((c) => {
    const task = c.input.task as Task;
    return task.action === 'authorize'
      ? `authorize(${String(task.paymentMethodId)})`
      : task.action === 'notify'
        ? `notify(${String(task.topic)})`
        : task.action;
  });
  return { steps, outcome: finalAnswer(result), result };
}

describe('CheckoutAgent planning', () => {
  it('happy path: reaches all five specialists and places the order', () => {
    const { steps, outcome } = run();
    expect(steps).toEqual([
      'list_payment_methods',
      'quote',
      'reserve',
      'authorize(pm_primary)',
      'capture',
      'ship',
      'commit',
      'notify(confirmation)',
    ]);
    expect(outcome).toMatchObject({ orderStatus: 'placed' });
  });

  it('primary declined → re-plans with the backup card', () => {
    const { steps, outcome, result } = run({
      authorize: (t) =>
        t.paymentMethodId === 'pm_primary'
          ? failed('authorize', 'card_declined')
          : okAnswer('authorize', { authorizationId: 'auth_b' }),
    });
    expect(steps.slice(3, 5)).toEqual(['authorize(pm_primary)', 'authorize(pm_backup)']);
    expect(outcome).toMatchObject({ orderStatus: 'placed' });
    const replan = result.decisions[4];
    expect(replan.reasoning).toMatch(/unusable/);
    expect(replan.reasoning).toMatch(/authorize\(pm_backup\)/);
  });

  it('no backup and no new card → asks for a card, then releases the stock and tells the customer', () => {
    const { steps, outcome } = run(
      {
        authorize: () => failed('authorize', 'card_declined'),
        await_new_card: () => failed('await_new_card', 'card_not_arrived'),
      },
      [CARDS[0]],
    );
    expect(steps).toEqual([
      'list_payment_methods',
      'quote',
      'reserve',
      'authorize(pm_primary)',
      'request_new_card',
      'notify(card_request)',
      'await_new_card',
      'release',
      'notify(failure)',
    ]);
    expect(outcome).toMatchObject({ orderStatus: 'failed' });
  });

  it('a card that arrives in time pays', () => {
    const { steps, outcome } = run(
      {
        authorize: (t) =>
          t.paymentMethodId === 'pm_new'
            ? okAnswer('authorize', { authorizationId: 'a' })
            : failed('authorize', 'card_declined'),
      },
      [CARDS[0]],
    );
    expect(steps).toContain('authorize(pm_new)');
    expect(outcome).toMatchObject({ orderStatus: 'placed' });
  });

  it('out of stock → nothing charged, customer told, order failed', () => {
    const { steps, outcome } = run({ reserve: () => failed('reserve', 'out_of_stock') });
    expect(steps).not.toContain('authorize(pm_primary)');
    expect(steps.at(-1)).toBe('notify(failure)');
    expect(outcome).toMatchObject({
      orderStatus: 'failed',
      reason: expect.stringContaining('some items are out of stock'),
    });
  });

  it('capture fails for good → voids the authorization and releases the stock before telling the customer', () => {
    const { steps, outcome } = run({ capture: () => failed('capture', 'server_error') });
    expect(steps.filter((s) => s === 'capture')).toHaveLength(2);
    expect(steps).toContain('void');
    expect(steps).toContain('release');
    expect(steps.at(-1)).toBe('notify(failure)');
    expect(outcome).toMatchObject({ orderStatus: 'failed' });
  });

  it('a confirmation the NotificationAgent queued counts as told: the paid order is placed, the message deferred', () => {
    const { steps, outcome } = run({
      notify: (t) => okAnswer('notify', { topic: t.topic, status: 'queued', notificationId: 'ntf_1' }),
    });
    expect(steps.filter((s) => s === 'notify(confirmation)')).toHaveLength(1);
    expect(outcome).toMatchObject({
      orderStatus: 'placed',
      reason: expect.stringContaining('The confirmation is queued'),
    });
  });

  it('a notification that can be neither sent nor queued never fails a paid order', () => {
    const { steps, outcome } = run({ notify: () => failed('notify', 'retries_exhausted') });
    expect(steps.filter((s) => s === 'notify(confirmation)')).toHaveLength(2);
    expect(steps).not.toContain('refund');
    expect(outcome).toMatchObject({
      orderStatus: 'placed',
      reason: expect.stringContaining('could not be sent or queued'),
    });
  });

  it('a failed order whose customer cannot be told still releases everything and fails cleanly', () => {
    const { steps, outcome } = run({
      capture: () => failed('capture', 'server_error'),
      notify: () => failed('notify', 'retries_exhausted'),
    });
    expect(steps).toEqual(expect.arrayContaining(['void', 'release']));
    expect(steps.filter((s) => s === 'notify(failure)')).toHaveLength(2);
    expect(outcome).toMatchObject({
      orderStatus: 'failed',
      reason: expect.stringContaining('the customer could not be told'),
    });
    expect(outcome).not.toHaveProperty('needsReview');
  });

  describe('the failure message says what happened to the money', () => {
    const failureBody = (r: ReturnType<typeof run>) => {
      const call = r.result.calls.filter((c) => (c.input.task as Task).topic === 'failure').at(-1);
      return String((call?.input.task as Task).body);
    };
    it('nothing authorized: nothing was charged', () => {
      expect(failureBody(run({ reserve: () => failed('reserve', 'out_of_stock') }))).toMatch(/Nothing was charged\.$/);
    });
    it('authorized then voided: the hold was released', () => {
      expect(failureBody(run({ capture: () => failed('capture', 'server_error') }))).toMatch(
        /hold on your card has been released and nothing was charged/,
      );
    });
    it('captured then refunded (a wrong capture): says it was refunded, not that nothing was charged', () => {
      const body = failureBody(run({ capture: () => failed('capture', 'mismatch') }));
      expect(body).toMatch(/\$129\.00 we charged has been refunded/);
      expect(body).not.toMatch(/nothing was charged/i);
    });
    it('a wrong capture the PaymentAgent could not refund is refunded by the CheckoutAgent, and the customer told so', () => {
      const r = run({
        capture: () => ({ ...failed('capture', 'undo_failed'), result: { captureId: 'cap_bad', amountCents: 11610 } }),
      });
      expect(r.steps.slice(5)).toEqual(['refund', 'release', 'notify(failure)']);
      expect(r.result.calls.find((c) => (c.input.task as Task).action === 'refund')?.input.task).toMatchObject({
        captureId: 'cap_bad',
        amountCents: 12900,
      });
      expect(failureBody(r)).toMatch(/has been refunded/);
      expect(r.outcome).toMatchObject({ orderStatus: 'failed' });
    });

    it('captured and the refund blocked: the stock is still released, the customer told the money is still taken, the order left for review', () => {
      const r = run({ ship: () => failed('ship', 'address_rejected'), refund: () => failed('refund', 'server_error') });
      expect(r.steps.slice(6)).toEqual(['refund', 'refund', 'release', 'notify(failure)']);
      expect(r.outcome).toMatchObject({
        orderStatus: 'failed',
        needsReview: true,
        reason: expect.stringContaining('could not undo: captured'),
      });
      expect(failureBody(r)).toMatch(/We charged \$129\.00 and could not refund it yet/);
    });
  });

  it('is deterministic: the same conversation gives the same decisions, byte for byte', () => {
    const a = run({
      authorize: (t) =>
        t.paymentMethodId === 'pm_primary'
          ? failed('authorize', 'card_declined')
          : okAnswer('authorize', { authorizationId: 'x' }),
    });
    const b = run({
      authorize: (t) =>
        t.paymentMethodId === 'pm_primary'
          ? failed('authorize', 'card_declined')
          : okAnswer('authorize', { authorizationId: 'x' }),
    });
    expect(JSON.stringify(a.result.decisions)).toBe(JSON.stringify(b.result.decisions));
  });
});
