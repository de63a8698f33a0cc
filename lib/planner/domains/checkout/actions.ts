import { ASK_TOOL, type SpecialistName } from '@/lib/protocol/agents';
import type { CheckoutGoal, SpecialistTask } from '@/lib/protocol/tasks';
import type { Facts } from '../../domain';
import { atom, type GroundAction, type State } from '../../strips';
import { formatMoney } from '@/lib/protocol/money';
import { messages } from './customer-messages';
import type { Card } from './observe';

/** The action catalog: what the CheckoutAgent can ask its specialists for, with preconditions, effects and costs. */

/** How long the CustomerAgent may wait for a requested card. */
export const NEW_CARD_WAIT_MS = 3_000;

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

export function actions(goal: CheckoutGoal, facts: Facts): (state: State) => GroundAction[] {
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
        `Capture ${formatMoney(goal.amountCents, goal.currency)} on authorization ${facts.get<string>('authorizationId') ?? ''}.`,
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
            `Authorize ${formatMoney(goal.amountCents, goal.currency)} for order ${o} on ${card.brand} ··${card.last4} (${card.role} card).`,
          ),
      why:
        card.role === 'backup' && cards.some((c) => c.role === 'primary')
          ? 'the primary card cannot pay: use the backup'
          : undefined,
    });
  }
  return () => list;
}
