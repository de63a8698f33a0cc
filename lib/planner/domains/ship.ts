import { TOOLS } from '@/lib/protocol/agents';
import type { ShippingTask } from '@/lib/protocol/tasks';
import { Facts, toolOutcomes } from '../domain';
import { atom, type GroundAction } from '../strips';
import { backoffMs, MAX_ATTEMPTS, sameValue } from './operation';
import type { TaskParts } from './task-parts';

type Ship = Extract<ShippingTask, { action: 'ship' }>;

interface Quote {
  carrier: string;
  service: string;
  costCents: number;
}
interface Address {
  addressLine?: unknown;
  city?: unknown;
  postalCode?: unknown;
  country?: unknown;
}

const sameAddress = (a: Address, b: Address): boolean =>
  a.addressLine === b.addressLine && a.city === b.city && a.postalCode === b.postalCode && a.country === b.country;

/**
 * Shipping an order: quote, then a label from the cheapest carrier that works; a
 * carrier in outage (or failing past its retries) is out; a label for the wrong
 * address is cancelled and made again. Ranked goals: labelled, else held (paid but
 * waiting for a carrier), else report.
 */
export const shipDomainParts: TaskParts<Ship> = {
  observe(task, observations) {
    const facts = new Facts();
    for (const [obs, outcome] of toolOutcomes(observations, facts)) {
      if (obs.toolName === TOOLS.shippingQuote) {
        if (outcome.ok) {
          const quotes = (Array.isArray(outcome.value.quotes) ? outcome.value.quotes : []) as Quote[];
          facts.add('quoted', atom('offered', 'all'));
          facts.set(
            'quotes',
            [...quotes].sort((a, b) => a.costCents - b.costCents || a.carrier.localeCompare(b.carrier)),
          );
          facts.set('address', outcome.value.address);
        } else if (outcome.error!.retryable && facts.bump('quoteAttempts') < MAX_ATTEMPTS) {
          facts.add('backoff');
          facts.set('backoffMs', outcome.error!.retryAfterMs ?? backoffMs(facts.count('quoteAttempts')));
        } else {
          facts.add('failed');
          facts.set('lastError', outcome.error);
        }
      } else if (obs.toolName === TOOLS.shippingCreateLabel) {
        const carrier = String(obs.input.carrier);
        if (outcome.ok) {
          const expected = facts.get<Address>('address');
          const got = (outcome.value.address ?? {}) as Address;
          if (expected && !sameAddress(expected, got)) {
            // The quote and the label disagree on the address: one of them is wrong. Cancel the label and
            // quote again; after a few disagreements, give up rather than print labels forever.
            facts.add('wrong_label');
            facts.del('quoted', atom('offered', 'all'));
            facts.set('wrongLabelId', outcome.value.labelId);
            facts.note(`label from ${carrier} is for another address than the quote: cancel it and quote again`);
            if (facts.bump('wrongLabels') >= MAX_ATTEMPTS) {
              facts.add('failed');
              facts.set('lastError', {
                code: 'address_mismatch',
                message: 'Labels kept coming back for another address than the quote.',
                retryable: false,
              });
            }
          } else {
            facts.add('labelled');
            facts.set('result', { ...outcome.value, status: 'label_created' });
          }
        } else if (outcome.error!.code === 'carrier_outage') {
          facts.add(atom('down', carrier));
          facts.note(`${carrier} is in an outage`);
        } else if (outcome.error!.code === 'address_rejected' || !outcome.error!.retryable) {
          facts.add('failed');
          facts.set('lastError', outcome.error);
        } else {
          const n = facts.bump(`attempts:${carrier}`);
          if (n >= MAX_ATTEMPTS) facts.add(atom('down', carrier));
          else {
            facts.add('backoff');
            facts.set('backoffMs', outcome.error!.retryAfterMs ?? backoffMs(n));
          }
        }
      } else if (obs.toolName === TOOLS.shippingCancelLabel) {
        const cancelled =
          outcome.ok && outcome.value.labelId === obs.input.labelId && outcome.value.status === 'cancelled';
        if (outcome.ok && !cancelled) {
          // The reply names another label (or no cancellation): ours may still be live. Cancelling is idempotent: ask again.
          facts.note(`cancel_label replied about ${String(outcome.value.labelId)}, not ${String(obs.input.labelId)}`);
          if (facts.bump('wrongCancels') >= MAX_ATTEMPTS) {
            facts.add('failed');
            facts.set('lastError', {
              code: 'mismatch',
              message: `Could not confirm that label ${String(obs.input.labelId)} was cancelled.`,
              retryable: false,
            });
          }
        } else if (cancelled || !outcome.error!.retryable) facts.del('wrong_label');
        else {
          facts.add('backoff');
          facts.set('backoffMs', outcome.error!.retryAfterMs ?? backoffMs(1));
        }
      } else if (obs.toolName === TOOLS.shippingHold) {
        if (
          outcome.ok &&
          (outcome.value.status !== 'held' ||
            outcome.value.reason !== obs.input.reason ||
            !sameValue(facts.get('unconfirmedHold'), outcome.value))
        ) {
          // Nothing in the request says which shipment id is right; holding is idempotent per order, so a
          // second hold names the same shipment: two replies that agree (and match the request) are trusted.
          facts.set('unconfirmedHold', outcome.value);
          if (facts.bump('holdReplies') >= MAX_ATTEMPTS) {
            facts.add('failed');
            facts.set('lastError', {
              code: 'mismatch',
              message: 'The hold replies did not agree on the shipment.',
              retryable: false,
            });
          }
        } else if (outcome.ok) {
          facts.add('held');
          facts.set('result', { ...outcome.value, status: 'held' });
        } else if (!outcome.error!.retryable) {
          facts.add('failed');
          facts.set('lastError', outcome.error);
        } else {
          facts.add('backoff');
          facts.set('backoffMs', outcome.error!.retryAfterMs ?? backoffMs(1));
        }
      }
    }
    return facts;
  },

  actions(task, facts) {
    const quotes = facts.get<Quote[]>('quotes') ?? [];
    const actions: GroundAction[] = [
      {
        name: 'quote',
        args: [],
        pre: [],
        preNot: ['quoted', 'backoff', 'failed'],
        add: ['quoted', atom('offered', 'any')],
        cost: 1,
        call: { toolName: TOOLS.shippingQuote, input: { orderId: task.orderId } },
      },
      {
        name: 'wait',
        args: [],
        pre: ['backoff'],
        del: ['backoff'],
        add: [],
        cost: 1,
        call: {
          toolName: TOOLS.wait,
          input: { ms: facts.get<number>('backoffMs') ?? backoffMs(1), reason: 'shipping asked to back off' },
        },
      },
      {
        name: 'hold_shipment',
        args: [],
        pre: ['quoted'],
        preNot: ['labelled', 'held', 'backoff', 'failed', 'wrong_label'],
        add: ['held'],
        cost: 1,
        call: {
          toolName: TOOLS.shippingHold,
          input: { orderId: task.orderId, reason: 'no carrier can take the parcel now' },
        },
        why: 'every carrier is unavailable: hold the shipment until one is back',
      },
      {
        name: 'cancel_label',
        args: [],
        pre: ['wrong_label'],
        preNot: ['backoff'],
        del: ['wrong_label'],
        add: [],
        cost: 1,
        call: {
          toolName: TOOLS.shippingCancelLabel,
          input: { orderId: task.orderId, labelId: facts.get<string>('wrongLabelId') ?? '' },
        },
        why: 'the label is for another address: cancel it before making a new one',
      },
    ];
    // Before the quote the carriers are unknown: plan optimistically with "any" carrier.
    const carriers = facts.has('quoted')
      ? quotes.map((q, i) => ({ q, i }))
      : [{ q: { carrier: 'any', service: '', costCents: 0 }, i: 0 }];
    for (const { q, i } of carriers) {
      actions.push({
        name: 'create_label',
        args: [q.carrier],
        pre: ['quoted', atom('offered', facts.has('quoted') ? 'all' : 'any')],
        preNot: ['labelled', 'held', 'backoff', 'failed', 'wrong_label', atom('down', q.carrier)],
        add: ['labelled'],
        cost: 1 + i * 0.01,
        call: facts.has('quoted')
          ? {
              toolName: TOOLS.shippingCreateLabel,
              input: { orderId: task.orderId, carrier: q.carrier, service: q.service },
            }
          : undefined,
      });
    }
    return actions;
  },

  goals: () => [
    { name: 'label created', all: ['labelled'], none: ['wrong_label'] },
    { name: 'shipment held', all: ['held'], none: ['wrong_label'] },
    { name: 'reported', all: [], none: ['wrong_label'] },
  ],
  result: (_task, facts) => facts.get<Record<string, unknown>>('result') ?? {},
  // A held shipment is an answer too: the order is paid and waits for a carrier.
  okRanks: [0, 1],
};
