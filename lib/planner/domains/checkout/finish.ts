import type { CheckoutGoal, CheckoutOutcome } from '@/lib/protocol/tasks';
import type { Facts, FinalAnswer } from '../../domain';
import { atom, type Goal } from '../../strips';

/** The CheckoutAgent's ranked goals, and its last words once one holds (or none can). */

/**
 * Ranked. A notification that could neither be sent nor queued never fails a paid order nor keeps
 * money held: the goals without "told" rank just below the ones with it, and only hold once the
 * NotificationAgent is unavailable (no action makes it so, only observations).
 */
export const GOALS: Goal[] = [
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

export function finish(goal: CheckoutGoal, facts: Facts, rank: number): FinalAnswer {
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
