import { SPECIALIST_BY_ASK_TOOL } from '@/lib/protocol/agents';
import type { CheckoutGoal } from '@/lib/protocol/tasks';
import { Facts } from '../../domain';
import type { Observation } from '../../prompt-reader';
import { atom } from '../../strips';
import { readAnswer, type Answer } from './answer';

/** What the CheckoutAgent concludes from its specialists' answers: the observation rules. */

/** Asking again after a specialist gave up on a transient failure: at most this many asks per action. */
const MAX_ASKS = 2;
const DECLINE_CODES = new Set([
  'card_declined',
  'insufficient_funds',
  'fraud_hold',
  'card_expired',
  'invalid_input',
  'not_found',
]);

export interface Card {
  id: string;
  role: string;
  brand: string;
  last4: string;
}

export function observe(goal: CheckoutGoal, observations: Observation[]): Facts {
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
