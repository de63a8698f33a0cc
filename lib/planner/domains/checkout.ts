import { ASK_TOOL, FINISH_CHECKOUT_TOOL, SPECIALIST_BY_ASK_TOOL, type SpecialistName } from '@/lib/protocol/agents';
import { checkoutGoalSchema, type CheckoutGoal, type CheckoutOutcome, type SpecialistTask } from '@/lib/protocol/tasks';
import { Facts, type Domain, type FinalAnswer } from '../domain';
import type { Observation } from '../prompt-reader';
import { atom, type GroundAction, type Goal, type State } from '../strips';

/**
 * The CheckoutAgent's world: what it knows about the order from its specialists'
 * answers, the actions it can ask them for (preconditions and effects), and its
 * ranked goals. Nothing here names a scenario: "use the backup card" is the cheapest
 * plan once the primary is unusable; "release the stock" is part of the cheapest plan
 * to the second goal once the first cannot be reached.
 */

/** Asking again after a specialist gave up on a transient failure: at most this many asks per action. */
const MAX_ASKS = 2;
/** How long the CustomerAgent may wait for a requested card. */
export const NEW_CARD_WAIT_MS = 3_000;

const DECLINE_CODES = new Set([
  'card_declined',
  'insufficient_funds',
  'fraud_hold',
  'card_expired',
  'invalid_input',
  'not_found',
]);

interface Card {
  id: string;
  role: string;
  brand: string;
  last4: string;
}

interface Answer {
  status: 'ok' | 'failed' | 'unknown';
  action: string;
  result: Record<string, unknown>;
  error: { code: string; message: string } | null;
}

function readAnswer(obs: Observation): Answer | null {
  const out = obs.output as (Partial<Answer> & { error?: { code?: unknown; message?: unknown } | null }) | undefined;
  if (!out || typeof out !== 'object' || typeof out.status !== 'string') return null;
  return {
    status: out.status === 'ok' || out.status === 'failed' ? out.status : 'unknown',
    action: String(out.action ?? ''),
    result: (out.result ?? {}) as Record<string, unknown>,
    error: out.error ? { code: String(out.error.code ?? 'failed'), message: String(out.error.message ?? '') } : null,
  };
}

const money = (cents: number, currency: string) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(cents / 100);

function observe(goal: CheckoutGoal, observations: Observation[]): Facts {
  const facts = new Facts();
  const cards: Card[] = [];
  for (const obs of observations) {
    const specialist = SPECIALIST_BY_ASK_TOOL[obs.toolName];
    const answer = readAnswer(obs);
    if (!specialist || !answer) continue;
    const task = (obs.input.task ?? {}) as Record<string, unknown>;
    const action = String(task.action ?? answer.action);
    const asks = facts.bump(`asks:${action}`);
    if (answer.status !== 'ok') {
      observeFailure(facts, action, task, answer, asks);
      continue;
    }
    const r = answer.result;
    switch (action) {
      case 'list_payment_methods': {
        facts.add('cards_known');
        for (const m of (Array.isArray(r.methods) ? r.methods : []) as Record<string, unknown>[]) {
          const card: Card = { id: String(m.id), role: String(m.role), brand: String(m.brand), last4: String(m.last4) };
          if (cards.some((c) => c.id === card.id)) continue;
          cards.push(card);
          facts.add(atom('card', card.id));
          if (m.status === 'active') facts.add(atom('usable', card.id));
          else facts.note(`card ${card.brand} ··${card.last4} is ${String(m.status)}`);
        }
        break;
      }
      case 'reserve':
        facts.add('reserved');
        break;
      case 'quote':
        facts.add('shippable');
        break;
      case 'authorize':
        facts.add('authorized');
        facts.set('authorizationId', r.authorizationId);
        facts.set('authorizedCard', task.paymentMethodId);
        break;
      case 'capture':
        facts.del('authorized');
        facts.add('captured');
        facts.set('captureId', r.captureId);
        break;
      case 'ship':
        facts.add('dispatched');
        facts.set('shipment', r);
        if (r.status === 'held') facts.note('no carrier available: the shipment is held');
        break;
      case 'commit':
        facts.del('reserved');
        facts.add('committed');
        break;
      case 'notify':
        facts.add(atom('told', String(task.topic)));
        if (r.status === 'queued') {
          // The NotificationAgent queued it: the outbox delivers it once the provider is back.
          facts.add('notification_deferred');
          facts.note(`the ${String(task.topic)} notification is queued: it will be sent once the provider is back`);
        }
        break;
      case 'release':
        facts.del('reserved');
        facts.add('released');
        break;
      case 'void':
        facts.del('authorized');
        facts.add('voided');
        break;
      case 'refund':
        facts.del('captured');
        facts.add('refunded');
        break;
      case 'request_new_card':
        facts.add('card_requested');
        facts.set('cardRequestId', r.requestId);
        break;
      case 'await_new_card': {
        const id = String(r.paymentMethodId);
        facts.add('new_card_known', atom('card', id), atom('usable', id));
        cards.push({ id, role: 'new', brand: 'new card', last4: '' });
        facts.note('the new card arrived');
        break;
      }
    }
  }
  facts.set('cards', cards);
  return facts;
}

function observeFailure(
  facts: Facts,
  action: string,
  task: Record<string, unknown>,
  answer: Answer,
  asks: number,
): void {
  const code = answer.error?.code ?? 'failed';
  facts.set('lastFailure', `${action}: ${code}${answer.error?.message ? ` (${answer.error.message})` : ''}`);
  const giveUp = () => {
    if (asks >= MAX_ASKS) facts.add(atom('unavailable', action));
  };
  switch (action) {
    case 'authorize':
      if (DECLINE_CODES.has(code)) {
        facts.del(atom('usable', String(task.paymentMethodId)));
        facts.note(`card ${String(task.paymentMethodId)} is unusable: ${code}`);
      } else giveUp();
      break;
    case 'reserve':
      if (code === 'out_of_stock') {
        facts.add('stock_unavailable');
        facts.set('failureReason', 'some items are out of stock');
      } else giveUp();
      break;
    case 'quote':
    case 'ship':
      if (code === 'address_rejected') {
        facts.add('unshippable');
        facts.set('failureReason', 'we cannot ship to the address on file');
      } else giveUp();
      break;
    case 'capture':
      if (code === 'mismatch') {
        // Captured, found wrong and refunded by the PaymentAgent: the authorization is used up.
        facts.del('authorized');
        facts.add('refunded', 'capture_failed');
        facts.set('failureReason', 'the payment could not be verified');
      } else if (code === 'undo_failed' && typeof answer.result.captureId === 'string') {
        // Captured wrong and the PaymentAgent could not refund it: the money moved, so it is ours to refund.
        facts.del('authorized');
        facts.add('captured', 'capture_failed');
        facts.set('captureId', answer.result.captureId);
        facts.set('failureReason', 'the payment could not be verified');
      } else {
        giveUp();
        if (asks >= MAX_ASKS) facts.add('capture_failed');
      }
      break;
    case 'request_new_card':
      facts.add('card_request_failed');
      break;
    case 'await_new_card':
      facts.add('card_not_arrived');
      facts.note('no new card arrived in time');
      break;
    case 'list_payment_methods':
      giveUp();
      break;
    default:
      giveUp();
  }
  const hold = HOLD_UNDONE_BY[action];
  if (hold && asks >= MAX_ASKS) {
    // An undo that keeps failing is left to people: its hold stops blocking the rest of the cleanup
    // (stuck, not gone: the answer and the customer's message say so), and nothing new is started.
    facts.add('cleanup_blocked', atom('stuck', hold));
    facts.del(hold);
    facts.set('failureReason', facts.get('failureReason') ?? 'the order could not be completed');
  }
  facts.note(`${action} failed: ${code}`);
}

/** The hold each cleanup action undoes. */
const HOLD_UNDONE_BY: Record<string, string> = { release: 'reserved', void: 'authorized', refund: 'captured' };

const SPECIALIST_FOR: Record<string, SpecialistName> = {
  list_payment_methods: 'CustomerAgent',
  request_new_card: 'CustomerAgent',
  await_new_card: 'CustomerAgent',
  reserve: 'InventoryAgent',
  commit: 'InventoryAgent',
  release: 'InventoryAgent',
  authorize: 'PaymentAgent',
  capture: 'PaymentAgent',
  void: 'PaymentAgent',
  refund: 'PaymentAgent',
  quote: 'ShippingAgent',
  ship: 'ShippingAgent',
  notify: 'NotificationAgent',
};

function ask(task: SpecialistTask, request: string): GroundAction['call'] {
  return { toolName: ASK_TOOL[SPECIALIST_FOR[task.action]], input: { request, task } };
}

/** What the customer is told about their money when an order fails: what the facts say happened to it, nothing more. */
function moneyWords(facts: Facts, total: string): string {
  if (facts.has(atom('stuck', 'captured')))
    return `We charged ${total} and could not refund it yet: our team will make sure it is refunded.`;
  if (facts.has(atom('stuck', 'authorized')))
    return `A hold of ${total} is still on your card: our team will make sure it is released.`;
  if (facts.has('refunded')) return `The ${total} we charged has been refunded.`;
  if (facts.has('voided')) return 'The hold on your card has been released and nothing was charged.';
  return 'Nothing was charged.';
}

function messages(goal: CheckoutGoal, facts: Facts) {
  const total = money(goal.amountCents, goal.currency);
  const shipment = facts.get<Record<string, unknown>>('shipment');
  const shipping =
    shipment?.status === 'held'
      ? 'Your parcel will ship as soon as a carrier is available; we will let you know.'
      : shipment
        ? `It ships with ${String(shipment.carrier).toUpperCase()}, tracking ${String(shipment.trackingNo)}.`
        : '';
  const reason = facts.get<string>('failureReason') ?? 'no payment method could be charged';
  return {
    confirmation: {
      subject: `Order ${goal.orderId} confirmed`,
      body: `Thank you! We charged ${total} for order ${goal.orderId}. ${shipping}`.trim(),
    },
    failure: {
      subject: `Order ${goal.orderId} could not be completed`,
      body: `We could not complete order ${goal.orderId}: ${reason}. ${moneyWords(facts, total)}`,
    },
    card_request: {
      subject: `Action needed for order ${goal.orderId}`,
      body: `Your payment for order ${goal.orderId} (${total}) did not go through. Please add a new card so we can complete it.`,
    },
  };
}

function actions(goal: CheckoutGoal, facts: Facts): (state: State) => GroundAction[] {
  const o = goal.orderId;
  const cards = facts.get<Card[]>('cards') ?? [];
  const text = messages(goal, facts);
  const askN = (action: string) => facts.count(`asks:${action}`) + 1;
  const list: GroundAction[] = [
    {
      name: 'list_payment_methods',
      args: [],
      pre: [],
      preNot: ['cards_known', atom('unavailable', 'list_payment_methods')],
      add: ['cards_known', atom('card', 'any'), atom('usable', 'any')],
      cost: 1,
      call: ask(
        { action: 'list_payment_methods', customerId: goal.customerId },
        `List the payment methods of customer ${goal.customerId}.`,
      ),
    },
    {
      name: 'reserve_stock',
      args: [],
      pre: [],
      preNot: ['reserved', 'committed', 'stock_unavailable', 'cleanup_blocked', atom('unavailable', 'reserve')],
      add: ['reserved'],
      cost: 1,
      call: ask(
        { action: 'reserve', orderId: o, items: goal.items },
        `Reserve the stock for every item of order ${o}.`,
      ),
    },
    {
      name: 'quote_shipping',
      args: [],
      pre: [],
      preNot: ['shippable', 'unshippable', atom('unavailable', 'quote')],
      add: ['shippable'],
      cost: 1,
      call: ask({ action: 'quote', orderId: o }, `Quote shipping for order ${o} to the customer's address.`),
      why: 'check that we can ship before charging',
    },
    {
      name: 'capture',
      args: [],
      pre: ['authorized'],
      preNot: ['captured', 'capture_failed', atom('unavailable', 'capture')],
      del: ['authorized'],
      add: ['captured'],
      cost: 1,
      call: ask(
        {
          action: 'capture',
          orderId: o,
          authorizationId: facts.get<string>('authorizationId') ?? '',
          amountCents: goal.amountCents,
          idempotencyKey: `${o}:capture:${askN('capture')}`,
        },
        `Capture ${money(goal.amountCents, goal.currency)} on authorization ${facts.get<string>('authorizationId') ?? ''}.`,
      ),
    },
    {
      // A capture found wrong is never shipped on: it is refunded.
      name: 'ship',
      args: [],
      pre: ['captured'],
      preNot: ['dispatched', 'unshippable', 'capture_failed', atom('unavailable', 'ship')],
      add: ['dispatched'],
      cost: 1,
      call: ask(
        { action: 'ship', orderId: o },
        `Ship order ${o}: create a label with a carrier that works, or hold the shipment if none can.`,
      ),
    },
    {
      name: 'commit_stock',
      args: [],
      pre: ['reserved', 'captured', 'dispatched'],
      preNot: ['committed', atom('unavailable', 'commit')],
      del: ['reserved'],
      add: ['committed'],
      cost: 1,
      call: ask(
        { action: 'commit', orderId: o, items: goal.items },
        `Commit the reserved stock of order ${o}: it is sold.`,
      ),
    },
    {
      name: 'notify',
      args: ['confirmation'],
      pre: ['committed'],
      preNot: [atom('told', 'confirmation'), atom('unavailable', 'notify')],
      add: [atom('told', 'confirmation')],
      cost: 1,
      call: ask(
        {
          action: 'notify',
          customerId: goal.customerId,
          orderId: o,
          to: goal.contact?.email,
          topic: 'confirmation',
          ...text.confirmation,
        },
        `Tell the customer order ${o} is confirmed.`,
      ),
    },
    {
      name: 'request_new_card',
      args: [],
      pre: ['cards_known'],
      preNot: ['card_requested', 'card_request_failed', 'authorized', 'captured', 'cleanup_blocked'],
      add: ['card_requested'],
      cost: 2,
      call: ask(
        { action: 'request_new_card', customerId: goal.customerId, orderId: o },
        `Ask customer ${goal.customerId} for a new card for order ${o}.`,
      ),
      why: 'no card on file can pay: ask the customer for a new one',
    },
    {
      name: 'notify',
      args: ['card_request'],
      pre: ['card_requested'],
      preNot: [atom('told', 'card_request'), atom('unavailable', 'notify')],
      add: [atom('told', 'card_request')],
      cost: 1,
      call: ask(
        {
          action: 'notify',
          customerId: goal.customerId,
          orderId: o,
          to: goal.contact?.email,
          topic: 'card_request',
          ...text.card_request,
        },
        `Tell the customer we need a new card for order ${o}.`,
      ),
    },
    {
      name: 'await_new_card',
      args: [],
      pre: ['card_requested', atom('told', 'card_request')],
      preNot: ['new_card_known', 'card_not_arrived'],
      add: ['new_card_known', atom('card', 'new'), atom('usable', 'new')],
      cost: 2,
      call: ask(
        { action: 'await_new_card', requestId: facts.get<string>('cardRequestId') ?? '', maxWaitMs: NEW_CARD_WAIT_MS },
        `Wait up to ${NEW_CARD_WAIT_MS / 1000} s for the new card to arrive.`,
      ),
    },
    // Cleaning up, for the second goal.
    {
      name: 'release_stock',
      args: [],
      pre: ['reserved'],
      preNot: [atom('unavailable', 'release')],
      del: ['reserved'],
      add: ['released'],
      cost: 1,
      call: ask({ action: 'release', orderId: o, items: goal.items }, `Release the stock reserved for order ${o}.`),
    },
    {
      name: 'void_authorization',
      args: [],
      pre: ['authorized'],
      preNot: [atom('unavailable', 'void')],
      del: ['authorized'],
      add: ['voided'],
      cost: 1,
      call: ask(
        {
          action: 'void',
          orderId: o,
          authorizationId: facts.get<string>('authorizationId') ?? '',
          idempotencyKey: `${o}:void:${askN('void')}`,
        },
        `Void authorization ${facts.get<string>('authorizationId') ?? ''}.`,
      ),
    },
    {
      name: 'refund',
      args: [],
      pre: ['captured'],
      preNot: ['committed', atom('unavailable', 'refund')],
      del: ['captured'],
      add: ['refunded'],
      cost: 1,
      call: ask(
        {
          action: 'refund',
          orderId: o,
          captureId: facts.get<string>('captureId') ?? '',
          amountCents: goal.amountCents,
          idempotencyKey: `${o}:refund:${askN('refund')}`,
        },
        `Refund capture ${facts.get<string>('captureId') ?? ''}.`,
      ),
    },
  ];
  const tellFailure = ask(
    {
      action: 'notify',
      customerId: goal.customerId,
      orderId: o,
      to: goal.contact?.email,
      topic: 'failure',
      ...text.failure,
    },
    `Tell the customer order ${o} could not be completed.`,
  );
  list.push(
    // Tell the customer once nothing is held any more (a hold that cannot be undone is stuck, not held).
    {
      name: 'notify',
      args: ['failure'],
      pre: [],
      preNot: [
        atom('told', 'failure'),
        atom('told', 'confirmation'),
        atom('unavailable', 'notify'),
        'reserved',
        'authorized',
        'captured',
      ],
      add: [atom('told', 'failure')],
      cost: 1,
      call: tellFailure,
    },
  );
  // One authorize per card the planner can use; unknown cards plan as "any" (not executable, only reasoned about).
  const candidates: Card[] = facts.has('cards_known') ? cards : [{ id: 'any', role: 'primary', brand: '', last4: '' }];
  // A card the customer has yet to add: usable only once await_new_card says it arrived.
  if (!facts.has('new_card_known')) candidates.push({ id: 'new', role: 'new', brand: '', last4: '' });
  for (const card of candidates) {
    const placeholder = card.id === 'any' || card.id === 'new';
    list.push({
      name: 'authorize',
      args: [card.id],
      pre: ['reserved', 'shippable', atom('card', card.id), atom('usable', card.id)],
      preNot: ['authorized', 'captured', 'committed', 'cleanup_blocked', atom('unavailable', 'authorize')],
      add: ['authorized'],
      cost: card.role === 'primary' ? 1 : card.role === 'backup' ? 1.5 : 2,
      call: placeholder
        ? undefined
        : ask(
            {
              action: 'authorize',
              orderId: o,
              paymentMethodId: card.id,
              amountCents: goal.amountCents,
              idempotencyKey: `${o}:authorize:${card.id}:${facts.count(`asks:authorize`) + 1}`,
            },
            `Authorize ${money(goal.amountCents, goal.currency)} for order ${o} on ${card.brand} ··${card.last4} (${card.role} card).`,
          ),
      why:
        card.role === 'backup' && cards.some((c) => c.role === 'primary')
          ? 'the primary card cannot pay: use the backup'
          : undefined,
    });
  }
  return () => list;
}

/**
 * Ranked. A notification that could neither be sent nor queued never fails a paid order nor keeps
 * money held: the goals without "told" rank just below the ones with it, and only hold once the
 * NotificationAgent is unavailable (no action makes it so, only observations).
 */
const GOALS: Goal[] = [
  { name: 'order completed', all: ['captured', 'committed', 'dispatched', atom('told', 'confirmation')] },
  {
    name: 'order completed, customer not reachable',
    all: ['captured', 'committed', 'dispatched', atom('unavailable', 'notify')],
  },
  { name: 'order failed cleanly', all: [atom('told', 'failure')], none: ['reserved', 'authorized', 'captured'] },
  {
    name: 'order failed cleanly, customer not reachable',
    all: [atom('unavailable', 'notify')],
    none: ['reserved', 'authorized', 'captured'],
  },
];
const PLACED_RANKS = [0, 1];

/** The CheckoutAgent's last words, and the same as finish_checkout's input. */
function outcome(text: string, orderStatus: CheckoutOutcome['orderStatus'], needsReview = false): FinalAnswer {
  const answer: CheckoutOutcome = { orderStatus, reason: text, ...(needsReview ? { needsReview } : {}) };
  return { text, answer };
}

function finish(goal: CheckoutGoal, facts: Facts, rank: number): FinalAnswer {
  const unreachable = facts.has(atom('unavailable', 'notify'));
  if (PLACED_RANKS.includes(rank)) {
    const shipment = facts.get<Record<string, unknown>>('shipment');
    const held = shipment?.status === 'held';
    const deferred = facts.has('notification_deferred')
      ? ' The confirmation is queued and goes out once the provider is back.'
      : '';
    const untold =
      unreachable && !facts.has(atom('told', 'confirmation')) ? ' The confirmation could not be sent or queued.' : '';
    return outcome(
      `Order ${goal.orderId} is placed: payment captured, stock committed, ${held ? 'shipment held until a carrier is available' : `label created with ${String(shipment?.carrier ?? '').toUpperCase()}`}.${deferred}${untold}`,
      'placed',
    );
  }
  const reason =
    facts.get<string>('failureReason') ?? facts.get<string>('lastFailure') ?? 'the goal could not be reached';
  if (rank === 2 || rank === 3) {
    const told = rank === 2 ? 'customer told' : 'the customer could not be told';
    const stuck = ['reserved', 'authorized', 'captured'].filter((hold) => facts.has(atom('stuck', hold)));
    if (stuck.length > 0) {
      return outcome(
        `Order ${goal.orderId} failed and needs review: ${reason}; could not undo: ${stuck.join(', ')}. Everything else released, ${told}.`,
        'failed',
        true,
      );
    }
    return outcome(`Order ${goal.orderId} failed cleanly: ${reason}. Holds released, ${told}.`, 'failed');
  }
  return outcome(`Order ${goal.orderId} needs review: neither goal can be reached (${reason}).`, 'failed', true);
}

export const checkoutDomain: Domain<CheckoutGoal> = {
  agent: 'CheckoutAgent',
  requiredTools: Object.values(ASK_TOOL),
  finishTool: FINISH_CHECKOUT_TOOL,
  parseBrief: (brief) => {
    const parsed = checkoutGoalSchema.safeParse(brief);
    return parsed.success ? parsed.data : null;
  },
  observe,
  actions,
  goals: () => GOALS,
  finish,
};
