import { describe, expect, it } from 'vitest';
import { TOOLS } from '@/lib/protocol/agents';
import { err, finalAnswer, ok, simulate, type Responder } from '../../support/planner-simulate';

const PAYMENT_TOOLS = [
  TOOLS.paymentAuthorize,
  TOOLS.paymentCapture,
  TOOLS.paymentVoid,
  TOOLS.paymentRefund,
  TOOLS.paymentStatus,
  TOOLS.wait,
];
const SHIPPING_TOOLS = [
  TOOLS.shippingQuote,
  TOOLS.shippingCreateLabel,
  TOOLS.shippingCancelLabel,
  TOOLS.shippingHold,
  TOOLS.wait,
];
const AUTHORIZE = {
  action: 'authorize',
  orderId: 'o1',
  paymentMethodId: 'pm_1',
  amountCents: 5000,
  idempotencyKey: 'o1:authorize:pm_1:1',
};
const CAPTURE = {
  action: 'capture',
  orderId: 'o1',
  authorizationId: 'auth_1',
  amountCents: 5000,
  idempotencyKey: 'o1:capture:1',
};

const answerOf = (r: ReturnType<typeof simulate>) => finalAnswer(r);
const callNames = (r: ReturnType<typeof simulate>) => r.calls.map((c) => c.toolName);

describe('PaymentAgent planning', () => {
  it('retries a 5xx with backoff, a fresh key per attempt, and succeeds', () => {
    let n = 0;
    const r = simulate(PAYMENT_TOOLS, AUTHORIZE, (tool, input) => {
      if (tool === TOOLS.wait) return ok({ waitedMs: input.ms });
      return ++n < 3
        ? err('server_error', true)
        : ok({ authorizationId: 'auth_1', orderId: 'o1', paymentMethodId: 'pm_1', amountCents: 5000 });
    });
    expect(callNames(r)).toEqual([
      TOOLS.paymentAuthorize,
      TOOLS.wait,
      TOOLS.paymentAuthorize,
      TOOLS.wait,
      TOOLS.paymentAuthorize,
    ]);
    const keys = r.calls.filter((c) => c.toolName === TOOLS.paymentAuthorize).map((c) => c.input.idempotencyKey);
    expect(new Set(keys).size).toBe(3);
    const waits = r.calls.filter((c) => c.toolName === TOOLS.wait).map((c) => c.input.ms as number);
    expect(waits[1]).toBeGreaterThan(waits[0]);
    expect(answerOf(r)).toMatchObject({ status: 'ok', result: { authorizationId: 'auth_1' } });
  });

  it('honours retry-after on rate limits', () => {
    let n = 0;
    const r = simulate(PAYMENT_TOOLS, AUTHORIZE, (tool, input) =>
      tool === TOOLS.wait
        ? ok({ waitedMs: input.ms })
        : ++n === 1
          ? err('rate_limited', true, 1234)
          : ok({ authorizationId: 'a', orderId: 'o1', paymentMethodId: 'pm_1', amountCents: 5000 }),
    );
    expect(r.calls[1]).toMatchObject({ toolName: TOOLS.wait, input: { ms: 1234 } });
    expect(answerOf(r).status).toBe('ok');
  });

  it('gives up after the bounded number of attempts', () => {
    const r = simulate(PAYMENT_TOOLS, AUTHORIZE, (tool) => (tool === TOOLS.wait ? ok({}) : err('server_error', true)));
    expect(r.calls.filter((c) => c.toolName === TOOLS.paymentAuthorize)).toHaveLength(3);
    expect(answerOf(r)).toMatchObject({ status: 'failed', error: { code: 'server_error' } });
  });

  it('never retries a decline', () => {
    const r = simulate(PAYMENT_TOOLS, AUTHORIZE, () => err('card_declined'));
    expect(callNames(r)).toEqual([TOOLS.paymentAuthorize]);
    expect(answerOf(r)).toMatchObject({ status: 'failed', error: { code: 'card_declined' } });
  });

  it('ambiguous success: a timeout is resolved by the status check, never by charging again', () => {
    const r = simulate(PAYMENT_TOOLS, CAPTURE, (tool, input) => {
      if (tool === TOOLS.paymentCapture) return err('gateway_timeout', true);
      if (tool === TOOLS.paymentStatus)
        return ok({
          found: true,
          kind: 'capture',
          status: 'succeeded',
          paymentId: 'cap_9',
          orderId: 'o1',
          amountCents: 5000,
          key: input.idempotencyKey,
        });
      return ok({});
    });
    expect(callNames(r)).toEqual([TOOLS.paymentCapture, TOOLS.paymentStatus]);
    expect(r.calls[1].input.idempotencyKey).toBe(r.calls[0].input.idempotencyKey);
    expect(answerOf(r)).toMatchObject({ status: 'ok', result: { captureId: 'cap_9' } });
  });

  it('a timeout that did not go through is retried after the status check says so', () => {
    let captures = 0;
    const r = simulate(PAYMENT_TOOLS, CAPTURE, (tool) => {
      if (tool === TOOLS.paymentCapture)
        return ++captures === 1
          ? err('gateway_timeout', true)
          : ok({ captureId: 'cap_2', orderId: 'o1', amountCents: 5000 });
      if (tool === TOOLS.paymentStatus) return ok({ found: false });
      return ok({});
    });
    expect(callNames(r)).toEqual([TOOLS.paymentCapture, TOOLS.paymentStatus, TOOLS.wait, TOOLS.paymentCapture]);
    expect(answerOf(r).status).toBe('ok');
  });

  it('a corrupted capture reply is checked against the record and accepted only when the record is right', () => {
    const r = simulate(PAYMENT_TOOLS, CAPTURE, (tool) =>
      tool === TOOLS.paymentCapture
        ? ok({ captureId: 'cap_1', orderId: 'o1', amountCents: 4999 })
        : ok({
            found: true,
            kind: 'capture',
            status: 'succeeded',
            paymentId: 'cap_1',
            orderId: 'o1',
            amountCents: 5000,
          }),
    );
    expect(callNames(r)).toEqual([TOOLS.paymentCapture, TOOLS.paymentStatus]);
    expect(answerOf(r)).toMatchObject({ status: 'ok', result: { amountCents: 5000 } });
  });

  it('a capture that really went wrong is refunded and reported, never captured twice', () => {
    const r = simulate(PAYMENT_TOOLS, CAPTURE, (tool) => {
      if (tool === TOOLS.paymentCapture) return ok({ captureId: 'cap_1', orderId: 'o1', amountCents: 4999 });
      if (tool === TOOLS.paymentStatus)
        return ok({
          found: true,
          kind: 'capture',
          status: 'succeeded',
          paymentId: 'cap_1',
          orderId: 'o1',
          amountCents: 4999,
        });
      return ok({ refundId: 'r1' });
    });
    expect(callNames(r)).toEqual([TOOLS.paymentCapture, TOOLS.paymentStatus, TOOLS.paymentRefund]);
    expect(r.calls[2].input).toMatchObject({ captureId: 'cap_1', amountCents: 5000 });
    expect(answerOf(r)).toMatchObject({ status: 'failed', error: { code: 'mismatch' } });
  });
});

describe('ShippingAgent planning', () => {
  const address = { addressLine: '1 Main', city: 'X', postalCode: '1', country: 'US' };
  const quotes = [
    { carrier: 'ups', service: 'ground', costCents: 900 },
    { carrier: 'fedex', service: 'ground', costCents: 1100 },
    { carrier: 'dhl', service: 'ground', costCents: 1300 },
  ];
  const respond =
    (down: string[], wrongFor: string[] = []): Responder =>
    (tool, input, history) => {
      if (tool === TOOLS.shippingQuote) return ok({ orderId: 'o1', address, quotes });
      if (tool === TOOLS.shippingCreateLabel) {
        if (down.includes(String(input.carrier))) return err('carrier_outage', true, 5000);
        const wrong =
          wrongFor.includes(String(input.carrier)) && !history.some((h) => h.toolName === TOOLS.shippingCancelLabel);
        return ok({
          labelId: `lbl_${String(input.carrier)}`,
          carrier: input.carrier,
          trackingNo: 'T',
          address: wrong ? { ...address, city: 'Elsewhere' } : address,
        });
      }
      if (tool === TOOLS.shippingHold) return ok({ shipmentId: 'sh_1', status: 'held', reason: input.reason });
      return ok({ labelId: input.labelId, status: 'cancelled' });
    };

  it('carrier outage → the next carrier by price', () => {
    const r = simulate(SHIPPING_TOOLS, { action: 'ship', orderId: 'o1' }, respond(['ups']));
    expect(r.calls.map((c) => c.input.carrier ?? c.toolName)).toEqual([TOOLS.shippingQuote, 'ups', 'fedex']);
    expect(answerOf(r)).toMatchObject({ status: 'ok', result: { carrier: 'fedex' } });
  });

  it('every carrier out → the shipment is held', () => {
    const r = simulate(SHIPPING_TOOLS, { action: 'ship', orderId: 'o1' }, respond(['ups', 'fedex', 'dhl']));
    // The second hold confirms the shipment the first one named (holding is idempotent per order).
    expect(callNames(r).slice(-2)).toEqual([TOOLS.shippingHold, TOOLS.shippingHold]);
    expect(answerOf(r)).toMatchObject({ status: 'ok', result: { status: 'held', shipmentId: 'sh_1' } });
  });

  it('a hold reply naming another shipment than the next one is not trusted until two agree', () => {
    const ids = ['sh_x', 'sh_1', 'sh_1'];
    const base = respond(['ups', 'fedex', 'dhl']);
    const r = simulate(SHIPPING_TOOLS, { action: 'ship', orderId: 'o1' }, (tool, input, history) =>
      tool === TOOLS.shippingHold
        ? ok({ shipmentId: ids.shift(), status: 'held', reason: input.reason })
        : base(tool, input, history),
    );
    expect(callNames(r).filter((t) => t === TOOLS.shippingHold)).toHaveLength(3);
    expect(answerOf(r)).toMatchObject({ status: 'ok', result: { shipmentId: 'sh_1' } });
  });

  it('a cancel reply about another label is asked again until it confirms ours', () => {
    let cancels = 0;
    const base = respond([], ['ups']);
    const r = simulate(SHIPPING_TOOLS, { action: 'ship', orderId: 'o1' }, (tool, input, history) =>
      tool === TOOLS.shippingCancelLabel && ++cancels === 1
        ? ok({ labelId: 'lbl_other', status: 'cancelled' })
        : base(tool, input, history),
    );
    expect(callNames(r).filter((t) => t === TOOLS.shippingCancelLabel)).toHaveLength(2);
    expect(answerOf(r)).toMatchObject({ status: 'ok', result: { labelId: 'lbl_ups' } });
  });

  it('a label for another address than the quote is cancelled, the address quoted again, the label made again', () => {
    const r = simulate(SHIPPING_TOOLS, { action: 'ship', orderId: 'o1' }, respond([], ['ups']));
    expect(callNames(r)).toEqual([
      TOOLS.shippingQuote,
      TOOLS.shippingCreateLabel,
      TOOLS.shippingCancelLabel,
      TOOLS.shippingQuote,
      TOOLS.shippingCreateLabel,
    ]);
    expect(answerOf(r)).toMatchObject({ status: 'ok', result: { labelId: 'lbl_ups' } });
  });

  it('an address outside the zones fails the task at once', () => {
    const r = simulate(SHIPPING_TOOLS, { action: 'ship', orderId: 'o1' }, (tool) =>
      tool === TOOLS.shippingQuote ? err('address_rejected') : ok({}),
    );
    expect(callNames(r)).toEqual([TOOLS.shippingQuote]);
    expect(answerOf(r)).toMatchObject({ status: 'failed', error: { code: 'address_rejected' } });
  });
});

describe('CustomerAgent planning', () => {
  const CUSTOMER_TOOLS = [
    TOOLS.customerGetProfile,
    TOOLS.customerListPaymentMethods,
    TOOLS.customerRequestNewCard,
    TOOLS.customerCheckCardRequest,
    TOOLS.wait,
  ];
  it('waits for a requested card within its time budget', () => {
    let checks = 0;
    const r = simulate(CUSTOMER_TOOLS, { action: 'await_new_card', requestId: 'req_1', maxWaitMs: 3000 }, (tool) =>
      tool === TOOLS.wait
        ? ok({})
        : ++checks < 3
          ? ok({ requestId: 'req_1', status: 'pending' })
          : ok({ requestId: 'req_1', status: 'fulfilled', paymentMethodId: 'pm_new' }),
    );
    // The last check confirms the card the one before named.
    expect(callNames(r)).toEqual([
      TOOLS.customerCheckCardRequest,
      TOOLS.wait,
      TOOLS.customerCheckCardRequest,
      TOOLS.wait,
      TOOLS.customerCheckCardRequest,
      TOOLS.customerCheckCardRequest,
    ]);
    expect(answerOf(r)).toMatchObject({ status: 'ok', result: { paymentMethodId: 'pm_new' } });
  });

  it('a new card named once (a corrupted check) is not trusted: the next checks name the real one', () => {
    const cards = ['pm_bogus', 'pm_new', 'pm_new'];
    const r = simulate(CUSTOMER_TOOLS, { action: 'await_new_card', requestId: 'req_1', maxWaitMs: 3000 }, (tool) =>
      tool === TOOLS.wait ? ok({}) : ok({ requestId: 'req_1', status: 'fulfilled', paymentMethodId: cards.shift() }),
    );
    expect(callNames(r)).toEqual([
      TOOLS.customerCheckCardRequest,
      TOOLS.customerCheckCardRequest,
      TOOLS.customerCheckCardRequest,
    ]);
    expect(answerOf(r)).toMatchObject({ status: 'ok', result: { paymentMethodId: 'pm_new' } });
  });

  it('a check answering about another request is not taken for ours', () => {
    const r = simulate(CUSTOMER_TOOLS, { action: 'await_new_card', requestId: 'req_1', maxWaitMs: 3000 }, (tool) =>
      tool === TOOLS.wait ? ok({}) : ok({ requestId: 'req_9', status: 'fulfilled', paymentMethodId: 'pm_9' }),
    );
    expect(r.calls.filter((c) => c.toolName === TOOLS.customerCheckCardRequest)).toHaveLength(3);
    expect(answerOf(r)).toMatchObject({ status: 'failed', error: { code: 'mismatch' } });
  });

  it('a card shown unusable is read again before it is written off', () => {
    const reads = [
      [{ id: 'pm_1', role: 'primary', status: 'expired' }],
      [{ id: 'pm_1', role: 'primary', status: 'active' }],
    ];
    const r = simulate(CUSTOMER_TOOLS, { action: 'list_payment_methods', customerId: 'cus_1' }, () =>
      ok({ customerId: 'cus_1', methods: reads.shift() ?? [] }),
    );
    expect(callNames(r)).toEqual([TOOLS.customerListPaymentMethods, TOOLS.customerListPaymentMethods]);
    expect(answerOf(r)).toMatchObject({ status: 'ok', result: { methods: [{ id: 'pm_1', status: 'active' }] } });
  });

  it('cards all usable are taken at once; a malformed list or another customer’s is asked again', () => {
    const once = simulate(CUSTOMER_TOOLS, { action: 'list_payment_methods', customerId: 'cus_1' }, () =>
      ok({ customerId: 'cus_1', methods: [{ id: 'pm_1', role: 'primary', status: 'active' }] }),
    );
    expect(callNames(once)).toEqual([TOOLS.customerListPaymentMethods]);
    const replies = [
      { customerId: 'cus_2', methods: [] },
      { customerId: 'cus_1', methods: [{ id: 'pm_1', role: 'owner', status: 'active' }] },
      { customerId: 'cus_1', methods: [{ id: 'pm_1', role: 'primary', status: 'active' }] },
    ];
    const again = simulate(CUSTOMER_TOOLS, { action: 'list_payment_methods', customerId: 'cus_1' }, () =>
      ok(replies.shift()!),
    );
    expect(callNames(again)).toHaveLength(3);
    expect(answerOf(again)).toMatchObject({ status: 'ok', result: { customerId: 'cus_1' } });
  });

  it('a card request is made once: asking again would open a second request once the first card arrived', () => {
    const ids = ['req_1', 'req_2'];
    const r = simulate(CUSTOMER_TOOLS, { action: 'request_new_card', customerId: 'cus_1', orderId: 'o1' }, () =>
      ok({ requestId: ids.shift(), status: 'pending', availableAt: null }),
    );
    expect(callNames(r)).toEqual([TOOLS.customerRequestNewCard]);
    expect(answerOf(r)).toMatchObject({ status: 'ok', result: { requestId: 'req_1' } });
  });

  it('a card request whose reply names no pending request is asked again', () => {
    const replies = [
      { requestId: '', status: 'pending' },
      { requestId: 'req_1', status: 'pending' },
    ];
    const r = simulate(CUSTOMER_TOOLS, { action: 'request_new_card', customerId: 'cus_1', orderId: 'o1' }, () =>
      ok({ ...replies.shift(), availableAt: null }),
    );
    expect(callNames(r)).toEqual([TOOLS.customerRequestNewCard, TOOLS.customerRequestNewCard]);
    expect(answerOf(r)).toMatchObject({ status: 'ok', result: { requestId: 'req_1' } });
  });

  it('reports that no card arrived once the budget is spent', () => {
    const r = simulate(CUSTOMER_TOOLS, { action: 'await_new_card', requestId: 'req_1', maxWaitMs: 1500 }, (tool) =>
      tool === TOOLS.wait ? ok({}) : ok({ requestId: 'req_1', status: 'pending' }),
    );
    expect(r.calls.filter((c) => c.toolName === TOOLS.wait).length).toBe(3);
    expect(answerOf(r)).toMatchObject({ status: 'failed', error: { code: 'card_not_arrived' } });
  });
});

describe('InventoryAgent planning: quantities checked against the order', () => {
  const INVENTORY_TOOLS = [
    TOOLS.inventoryCheck,
    TOOLS.inventoryReserve,
    TOOLS.inventoryRelease,
    TOOLS.inventoryCommit,
    TOOLS.wait,
  ];
  const ITEMS = [
    { sku: 'KB-001', quantity: 2 },
    { sku: 'MS-002', quantity: 1 },
  ];
  const cases = [
    { action: 'reserve', tool: TOOLS.inventoryReserve, field: 'items' },
    { action: 'release', tool: TOOLS.inventoryRelease, field: 'released' },
    { action: 'commit', tool: TOOLS.inventoryCommit, field: 'committed' },
  ] as const;
  for (const c of cases) {
    it(`${c.action}: a reply with a quantity off is asked again (idempotent per order) and the true one accepted`, () => {
      const replies = [
        [
          { sku: 'KB-001', quantity: 1 },
          { sku: 'MS-002', quantity: 1 },
        ],
        [
          { sku: 'MS-002', quantity: 1 },
          { sku: 'KB-001', quantity: 2 },
        ],
      ];
      const r = simulate(INVENTORY_TOOLS, { action: c.action, orderId: 'o1', items: ITEMS }, () =>
        ok({ orderId: 'o1', [c.field]: replies.shift() }),
      );
      expect(callNames(r)).toEqual([c.tool, c.tool]);
      expect(answerOf(r)).toMatchObject({ status: 'ok' });
    });

    if (c.action !== 'reserve')
      it(`${c.action}: a quantity that stays off fails the task after the bounded attempts`, () => {
        const r = simulate(INVENTORY_TOOLS, { action: c.action, orderId: 'o1', items: ITEMS }, () =>
          ok({
            orderId: 'o1',
            [c.field]: [
              { sku: 'KB-001', quantity: 3 },
              { sku: 'MS-002', quantity: 1 },
            ],
          }),
        );
        expect(callNames(r)).toEqual([c.tool, c.tool, c.tool]);
        expect(answerOf(r)).toMatchObject({ status: 'failed' });
      });
  }

  it('reserve: a quantity that stays off may still have been reserved, so it is released before the task fails', () => {
    const r = simulate(INVENTORY_TOOLS, { action: 'reserve', orderId: 'o1', items: ITEMS }, (tool) =>
      tool === TOOLS.inventoryRelease
        ? ok({ orderId: 'o1', released: ITEMS })
        : ok({
            orderId: 'o1',
            items: [
              { sku: 'KB-001', quantity: 1 },
              { sku: 'MS-002', quantity: 1 },
            ],
          }),
    );
    expect(callNames(r)).toEqual([
      TOOLS.inventoryReserve,
      TOOLS.inventoryReserve,
      TOOLS.inventoryReserve,
      TOOLS.inventoryRelease,
    ]);
    expect(answerOf(r)).toMatchObject({ status: 'failed', error: { code: 'mismatch' } });
  });

  it('release: nothing left to release (already released) is the truth, not a wrong reply', () => {
    const r = simulate(INVENTORY_TOOLS, { action: 'release', orderId: 'o1', items: ITEMS }, () =>
      ok({ orderId: 'o1', released: [] }),
    );
    expect(callNames(r)).toEqual([TOOLS.inventoryRelease]);
    expect(answerOf(r)).toMatchObject({ status: 'ok' });
  });
});

describe('NotificationAgent planning', () => {
  const NOTIFY_TOOLS = [TOOLS.notificationSendEmail, TOOLS.notificationSendSms, TOOLS.notificationQueue, TOOLS.wait];
  const NOTIFY_TOOLS_WITH_STATUS = [...NOTIFY_TOOLS, TOOLS.notificationStatus];
  const NOTIFY = {
    action: 'notify',
    customerId: 'cus_1',
    orderId: 'o1',
    topic: 'confirmation',
    subject: 'Order o1 confirmed',
    body: 'Thanks.',
  };

  it('sends at once when the provider is up', () => {
    const r = simulate(NOTIFY_TOOLS, NOTIFY, () =>
      ok({ notificationId: 'ntf_1', channel: 'email', to: 'a@example.com' }),
    );
    expect(callNames(r)).toEqual([TOOLS.notificationSendEmail]);
    expect(answerOf(r)).toMatchObject({ status: 'ok', result: { notificationId: 'ntf_1' } });
  });

  it('provider down past its retries → the message is queued for later, and that is a done job', () => {
    const r = simulate(NOTIFY_TOOLS, NOTIFY, (tool, input) => {
      if (tool === TOOLS.wait) return ok({ waitedMs: input.ms });
      if (tool === TOOLS.notificationQueue)
        return ok({ notificationId: 'ntf_q', channel: 'email', to: 'a@example.com', status: 'queued' });
      return err('provider_down', true, 5000);
    });
    expect(callNames(r)).toEqual([
      TOOLS.notificationSendEmail,
      TOOLS.wait,
      TOOLS.notificationSendEmail,
      TOOLS.wait,
      TOOLS.notificationSendEmail,
      TOOLS.notificationQueue,
    ]);
    expect(r.calls.filter((c) => c.toolName === TOOLS.wait).map((c) => c.input.ms)).toEqual([5000, 5000]);
    expect(r.calls.at(-1)?.input).toMatchObject({
      customerId: 'cus_1',
      orderId: 'o1',
      channel: 'email',
      subject: NOTIFY.subject,
      body: NOTIFY.body,
    });
    expect(answerOf(r)).toMatchObject({ status: 'ok', result: { notificationId: 'ntf_q', status: 'queued' } });
  });

  /** The provider's reply names someone else; the outbox record names `recorded`. */
  const misnamed = (recorded: string) =>
    simulate(NOTIFY_TOOLS_WITH_STATUS, { ...NOTIFY, to: 'a@example.com' }, (tool, input) =>
      tool === TOOLS.notificationStatus
        ? ok({ found: true, notificationId: input.notificationId, channel: 'email', to: recorded, status: 'sent' })
        : ok({ notificationId: 'ntf_1', channel: 'email', to: 'someone@else.com' }),
    );

  it('a reply naming another recipient than the address on file is checked against the outbox record', () => {
    const r = misnamed('a@example.com');
    expect(callNames(r)).toEqual([TOOLS.notificationSendEmail, TOOLS.notificationStatus]);
    expect(r.calls[1].input).toEqual({ notificationId: 'ntf_1' });
    expect(answerOf(r)).toMatchObject({ status: 'ok', result: { notificationId: 'ntf_1', to: 'a@example.com' } });
  });

  it('a message the outbox says went to someone else is not reported as told', () => {
    const r = misnamed('someone@else.com');
    expect(callNames(r)).toEqual([TOOLS.notificationSendEmail, TOOLS.notificationStatus]);
    expect(answerOf(r).status).toBe('failed');
  });

  it('a queued message whose reply names another recipient is checked against the outbox too', () => {
    const r = simulate(NOTIFY_TOOLS_WITH_STATUS, { ...NOTIFY, to: 'a@example.com' }, (tool, input) => {
      if (tool === TOOLS.wait) return ok({});
      if (tool === TOOLS.notificationQueue)
        return ok({ notificationId: 'ntf_q', channel: 'email', to: 'someone@else.com', status: 'queued' });
      if (tool === TOOLS.notificationStatus)
        return ok({
          found: true,
          notificationId: input.notificationId,
          channel: 'email',
          to: 'a@example.com',
          status: 'queued',
        });
      return err('provider_down', true, 10);
    });
    expect(callNames(r).slice(-2)).toEqual([TOOLS.notificationQueue, TOOLS.notificationStatus]);
    expect(answerOf(r)).toMatchObject({
      status: 'ok',
      result: { notificationId: 'ntf_q', to: 'a@example.com', status: 'queued' },
    });
  });

  it('a message refused for good (unknown customer) is not queued', () => {
    const r = simulate(NOTIFY_TOOLS, NOTIFY, () => err('not_found'));
    expect(callNames(r)).toEqual([TOOLS.notificationSendEmail]);
    expect(answerOf(r)).toMatchObject({ status: 'failed', error: { code: 'not_found' } });
  });

  it('a queue that fails too is reported as failed', () => {
    const r = simulate(NOTIFY_TOOLS, NOTIFY, (tool) =>
      tool === TOOLS.wait
        ? ok({})
        : tool === TOOLS.notificationQueue
          ? err('invalid_input')
          : err('provider_down', true, 10),
    );
    expect(callNames(r).filter((t) => t === TOOLS.notificationQueue)).toHaveLength(1);
    expect(answerOf(r)).toMatchObject({ status: 'failed', error: { code: 'invalid_input' } });
  });
});
