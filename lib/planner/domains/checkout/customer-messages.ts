import type { CheckoutGoal } from '@/lib/protocol/tasks';
import type { Facts } from '../../domain';
import { atom } from '../../strips';
import { formatMoney } from '@/lib/protocol/money';

/** The customer's email copy: what the confirmation, the failure notice and the card request say. */

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

export function messages(goal: CheckoutGoal, facts: Facts) {
  const total = formatMoney(goal.amountCents, goal.currency);
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
