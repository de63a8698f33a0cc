import { describe, expect, it } from 'vitest';
import { TOOLS } from '@/lib/protocol/agents';
import { checkToolCall, RULES, type GuardVerdict } from '@/lib/guard/rules';
import type { OwnershipReader, RunGuard } from '@/lib/guard/run-scope';

/**
 * Every scope rule, each way: the run's own objects pass, another order's or customer's are
 * refused, amounts are capped. The reader is a table of rows (the rules' only view of the data).
 */

const scope = {
  orderId: 'ord_mine',
  customerId: 'cus_me',
  totalCents: 12_900,
  contacts: { email: 'me@example.com', phone: '+15550001' },
};

interface Rows {
  payments: Record<
    string,
    { orderId: string; kind: string; status: string; amountCents: number; idempotencyKey: string }
  >;
  labels: Record<string, string>;
  cards: Record<string, string>;
  cardRequests: Record<string, string>;
  notifications: Record<string, { customerId: string | null; orderId: string | null }>;
}

function rowsReader(rows: Rows): OwnershipReader {
  const payments = Object.entries(rows.payments);
  const sum = (orderId: string, kind: string) =>
    payments
      .filter(([, p]) => p.orderId === orderId && p.kind === kind && p.status === 'succeeded')
      .reduce((n, [, p]) => n + p.amountCents, 0);
  return {
    payment: async (id) => rows.payments[id] ?? null,
    paymentByKey: async (key) => payments.find(([, p]) => p.idempotencyKey === key)?.[1] ?? null,
    paymentTotals: async (orderId) => ({
      capturedCents: sum(orderId, 'capture'),
      refundedCents: sum(orderId, 'refund'),
    }),
    shipmentByLabel: async (labelId) => (rows.labels[labelId] ? { orderId: rows.labels[labelId] } : null),
    paymentMethod: async (id) => (rows.cards[id] ? { customerId: rows.cards[id] } : null),
    cardRequest: async (id) => (rows.cardRequests[id] ? { customerId: rows.cardRequests[id] } : null),
    notification: async (id) => rows.notifications[id] ?? null,
  };
}

const rows: Rows = {
  payments: {
    auth_mine: {
      orderId: 'ord_mine',
      kind: 'authorization',
      status: 'succeeded',
      amountCents: 12_900,
      idempotencyKey: 'k-auth-mine',
    },
    cap_mine: {
      orderId: 'ord_mine',
      kind: 'capture',
      status: 'succeeded',
      amountCents: 12_900,
      idempotencyKey: 'k-cap-mine',
    },
    ref_mine: {
      orderId: 'ord_mine',
      kind: 'refund',
      status: 'succeeded',
      amountCents: 2_900,
      idempotencyKey: 'k-ref-mine',
    },
    ref_failed: {
      orderId: 'ord_mine',
      kind: 'refund',
      status: 'failed',
      amountCents: 5_000,
      idempotencyKey: 'k-ref-failed',
    },
    auth_theirs: {
      orderId: 'ord_theirs',
      kind: 'authorization',
      status: 'succeeded',
      amountCents: 49_900,
      idempotencyKey: 'k-auth-theirs',
    },
    cap_theirs: {
      orderId: 'ord_theirs',
      kind: 'capture',
      status: 'succeeded',
      amountCents: 49_900,
      idempotencyKey: 'k-cap-theirs',
    },
  },
  labels: { lbl_mine: 'ord_mine', lbl_theirs: 'ord_theirs' },
  cards: { pm_mine: 'cus_me', pm_theirs: 'cus_them' },
  cardRequests: { req_mine: 'cus_me', req_theirs: 'cus_them' },
  notifications: {
    ntf_mine: { customerId: 'cus_me', orderId: 'ord_mine' },
    ntf_theirs: { customerId: 'cus_them', orderId: 'ord_theirs' },
  },
};

const guard: RunGuard = { scope, reader: rowsReader(rows) };
const check = (tool: string, input: unknown): Promise<GuardVerdict> => checkToolCall(guard, tool, input);

async function expectAllowed(tool: string, input: unknown) {
  expect(await check(tool, input)).toEqual({ allowed: true });
}

async function expectRefused(tool: string, input: unknown, says: RegExp) {
  const verdict = await check(tool, input);
  expect(verdict.allowed).toBe(false);
  if (!verdict.allowed) expect(verdict.message).toMatch(says);
}

describe('inventory', () => {
  it('check names no order and passes', () =>
    expectAllowed(TOOLS.inventoryCheck, { items: [{ sku: 'KB-001', quantity: 1 }] }));
  for (const tool of [TOOLS.inventoryReserve, TOOLS.inventoryRelease, TOOLS.inventoryCommit]) {
    it(`${tool}: the run's order only`, async () => {
      await expectAllowed(tool, { orderId: 'ord_mine' });
      await expectRefused(tool, { orderId: 'ord_theirs' }, /orderId ord_theirs is not this run's order/);
    });
  }
  it('reads ids as the services do (trimmed): padding does not smuggle another order through, nor refuse the own one', async () => {
    await expectAllowed(TOOLS.inventoryReserve, { orderId: '  ord_mine ' });
    await expectRefused(TOOLS.inventoryRelease, { orderId: ' ord_theirs' }, /not this run's order/);
  });
});

describe('payment', () => {
  const key = { idempotencyKey: 'k-new' };
  it('authorize: own order, own card, at most the order total', async () => {
    await expectAllowed(TOOLS.paymentAuthorize, {
      orderId: 'ord_mine',
      paymentMethodId: 'pm_mine',
      amountCents: 12_900,
      ...key,
    });
    await expectRefused(
      TOOLS.paymentAuthorize,
      { orderId: 'ord_theirs', paymentMethodId: 'pm_mine', amountCents: 12_900, ...key },
      /not this run's order/,
    );
    await expectRefused(
      TOOLS.paymentAuthorize,
      { orderId: 'ord_mine', paymentMethodId: 'pm_theirs', amountCents: 12_900, ...key },
      /another customer's card/,
    );
    await expectRefused(
      TOOLS.paymentAuthorize,
      { orderId: 'ord_mine', paymentMethodId: 'pm_mine', amountCents: 12_901, ...key },
      /12901 is more than the order's total \(12900 cents\)/,
    );
  });
  it('authorize: a card id that names no card goes to the service (it answers not_found)', () =>
    expectAllowed(TOOLS.paymentAuthorize, {
      orderId: 'ord_mine',
      paymentMethodId: 'pm_nobody',
      amountCents: 100,
      ...key,
    }));

  it('capture: own order, own authorization, at most the order total', async () => {
    await expectAllowed(TOOLS.paymentCapture, {
      orderId: 'ord_mine',
      authorizationId: 'auth_mine',
      amountCents: 12_900,
      ...key,
    });
    await expectRefused(
      TOOLS.paymentCapture,
      { orderId: 'ord_mine', authorizationId: 'auth_theirs', amountCents: 100, ...key },
      /authorizationId auth_theirs belongs to another order/,
    );
    await expectRefused(
      TOOLS.paymentCapture,
      { orderId: 'ord_theirs', authorizationId: 'auth_theirs', amountCents: 100, ...key },
      /not this run's order/,
    );
    await expectRefused(
      TOOLS.paymentCapture,
      { orderId: 'ord_mine', authorizationId: 'auth_mine', amountCents: 1_000_000, ...key },
      /more than the order's total/,
    );
  });

  it('void: own order, own authorization', async () => {
    await expectAllowed(TOOLS.paymentVoid, { orderId: 'ord_mine', authorizationId: 'auth_mine', ...key });
    await expectRefused(
      TOOLS.paymentVoid,
      { orderId: 'ord_mine', authorizationId: 'auth_theirs', ...key },
      /belongs to another order/,
    );
    await expectRefused(
      TOOLS.paymentVoid,
      { orderId: 'ord_theirs', authorizationId: 'auth_theirs', ...key },
      /not this run's order/,
    );
  });

  it('refund: own capture, at most what this order captured minus what it refunded (failed refunds do not count)', async () => {
    await expectAllowed(TOOLS.paymentRefund, {
      orderId: 'ord_mine',
      captureId: 'cap_mine',
      amountCents: 10_000,
      ...key,
    });
    await expectRefused(
      TOOLS.paymentRefund,
      { orderId: 'ord_mine', captureId: 'cap_mine', amountCents: 10_001, ...key },
      /10001 is more than what this order captured and has not refunded \(10000 cents\)/,
    );
    await expectRefused(
      TOOLS.paymentRefund,
      { orderId: 'ord_mine', captureId: 'cap_theirs', amountCents: 100, ...key },
      /captureId cap_theirs belongs to another order/,
    );
    await expectRefused(
      TOOLS.paymentRefund,
      { orderId: 'ord_theirs', captureId: 'cap_theirs', amountCents: 49_900, ...key },
      /not this run's order/,
    );
  });

  it('refund: nothing captured yet means nothing to refund', async () => {
    const fresh: RunGuard = { scope: { ...scope, orderId: 'ord_new' }, reader: guard.reader };
    const verdict = await checkToolCall(fresh, TOOLS.paymentRefund, {
      orderId: 'ord_new',
      captureId: 'cap_x',
      amountCents: 1,
      ...key,
    });
    expect(verdict).toEqual({ allowed: false, message: expect.stringMatching(/\(0 cents\)/) });
  });

  it("status: a key of this order's payment, or one on no payment; not another order's", async () => {
    await expectAllowed(TOOLS.paymentStatus, { idempotencyKey: 'k-cap-mine' });
    await expectAllowed(TOOLS.paymentStatus, { idempotencyKey: 'k-never-used' });
    await expectRefused(TOOLS.paymentStatus, { idempotencyKey: 'k-cap-theirs' }, /another order's payment/);
  });
});

describe('shipping', () => {
  for (const [tool, extra] of [
    [TOOLS.shippingQuote, {}],
    [TOOLS.shippingCreateLabel, { carrier: 'ups' }],
    [TOOLS.shippingHold, { reason: 'outage' }],
  ] as const) {
    it(`${tool}: the run's order only`, async () => {
      await expectAllowed(tool, { orderId: 'ord_mine', ...extra });
      await expectRefused(tool, { orderId: 'ord_theirs', ...extra }, /not this run's order/);
    });
  }
  it("cancel_label: own order and own label; another order's label is refused even under the own order id", async () => {
    await expectAllowed(TOOLS.shippingCancelLabel, { orderId: 'ord_mine', labelId: 'lbl_mine' });
    await expectRefused(
      TOOLS.shippingCancelLabel,
      { orderId: 'ord_mine', labelId: 'lbl_theirs' },
      /another order's label/,
    );
    await expectRefused(
      TOOLS.shippingCancelLabel,
      { orderId: 'ord_theirs', labelId: 'lbl_theirs' },
      /not this run's order/,
    );
  });
});

describe('notification', () => {
  for (const [tool, extra] of [
    [TOOLS.notificationSendEmail, { subject: 'Hi', body: 'Your order' }],
    [TOOLS.notificationSendSms, { body: 'Your order' }],
    [TOOLS.notificationQueue, { channel: 'sms', body: 'Your order' }],
  ] as const) {
    it(`${tool}: only to the run's customer, only about the run's order`, async () => {
      await expectAllowed(tool, { customerId: 'cus_me', orderId: 'ord_mine', ...extra });
      await expectAllowed(tool, { customerId: 'cus_me', ...extra });
      await expectRefused(
        tool,
        { customerId: 'cus_them', ...extra },
        /customerId cus_them is not this run's customer.*me@example\.com \/ \+15550001/,
      );
      await expectRefused(
        tool,
        { customerId: 'cus_me', orderId: 'ord_theirs', ...extra },
        /orderId ord_theirs is not this run's order/,
      );
    });
  }
  it("status: the run's customer's messages only", async () => {
    await expectAllowed(TOOLS.notificationStatus, { notificationId: 'ntf_mine' });
    await expectAllowed(TOOLS.notificationStatus, { notificationId: 'ntf_unknown' });
    await expectRefused(TOOLS.notificationStatus, { notificationId: 'ntf_theirs' }, /message to another customer/);
  });
});

describe('customer', () => {
  for (const tool of [TOOLS.customerGetProfile, TOOLS.customerListPaymentMethods]) {
    it(`${tool}: the run's customer only`, async () => {
      await expectAllowed(tool, { customerId: 'cus_me' });
      await expectRefused(tool, { customerId: 'cus_them' }, /not this run's customer/);
    });
  }
  it("request_new_card: for the run's customer and order only", async () => {
    await expectAllowed(TOOLS.customerRequestNewCard, { customerId: 'cus_me', orderId: 'ord_mine' });
    await expectRefused(TOOLS.customerRequestNewCard, { customerId: 'cus_them' }, /not this run's customer/);
    await expectRefused(
      TOOLS.customerRequestNewCard,
      { customerId: 'cus_me', orderId: 'ord_theirs' },
      /not this run's order/,
    );
  });
  it("check_card_request: the run's customer's requests only", async () => {
    await expectAllowed(TOOLS.customerCheckCardRequest, { requestId: 'req_mine' });
    await expectRefused(TOOLS.customerCheckCardRequest, { requestId: 'req_theirs' }, /another customer's card request/);
  });
});

describe('fail closed', () => {
  it('every specialist tool but wait has a rule', () => {
    const tools = Object.values(TOOLS)
      .filter((t) => t !== TOOLS.wait)
      .sort();
    expect(Object.keys(RULES).sort()).toEqual(tools);
  });
  it('a tool without a rule is refused', () =>
    expectRefused('payment_transfer', { orderId: 'ord_mine' }, /has no scope rule/));
  it('input the guard cannot read is refused, naming the field', () =>
    expectRefused(TOOLS.paymentRefund, { orderId: 'ord_mine', captureId: 7 }, /could not read.*captureId/));
});
