import { TOOLS } from '@/lib/protocol/agents';
import type { CustomerTask } from '@/lib/protocol/tasks';
import { Facts, readOutcome } from '../domain';
import { MAX_ATTEMPTS, sameValue } from './operation';
import type { TaskParts } from './task-parts';

type AwaitCard = Extract<CustomerTask, { action: 'await_new_card' }>;

/** How often the CustomerAgent looks whether the requested card has arrived. */
const POLL_MS = 500;

/**
 * Waiting for a requested card: check, and while it is pending and the time budget
 * allows, wait and check again. Goal: the card arrived; else report that it did not.
 */
export const awaitCardDomainParts: TaskParts<AwaitCard> = {
  observe(task, observations) {
    const facts = new Facts();
    let waited = 0;
    for (const obs of observations) {
      if (obs.toolName === TOOLS.wait) {
        waited += Number(obs.input.ms ?? 0);
        facts.del('pending', 'backoff');
        continue;
      }
      if (obs.toolName !== TOOLS.customerCheckCardRequest) continue;
      const outcome = readOutcome(obs);
      if (!outcome) continue;
      if (outcome.ok && outcome.value.requestId !== task.requestId) {
        // A reply about another request says nothing about ours: look again, a bounded number of times.
        facts.note(`the check answered about request ${String(outcome.value.requestId)}, not ${task.requestId}`);
        if (facts.bump('wrongReplies') >= MAX_ATTEMPTS) {
          facts.add('failed');
          facts.set('lastError', {
            code: 'mismatch',
            message: `Checks of request ${task.requestId} kept answering about another request.`,
            retryable: false,
          });
        }
      } else if (
        outcome.ok &&
        outcome.value.status === 'fulfilled' &&
        typeof outcome.value.paymentMethodId === 'string'
      ) {
        // The new card's id cannot be checked against anything asked: it is trusted once a second look names the same card.
        if (sameValue(facts.get('seenCard'), outcome.value.paymentMethodId)) {
          facts.add('arrived');
          facts.set('result', {
            requestId: task.requestId,
            status: 'fulfilled',
            paymentMethodId: outcome.value.paymentMethodId,
          });
        } else {
          facts.set('seenCard', outcome.value.paymentMethodId);
          if (facts.bump('cardReplies') >= MAX_ATTEMPTS) {
            facts.add('failed');
            facts.set('lastError', {
              code: 'mismatch',
              message: `Checks of request ${task.requestId} did not agree on the new card.`,
              retryable: false,
            });
          }
        }
      } else if (outcome.ok) {
        facts.add('pending');
      } else {
        facts.add(outcome.error!.retryable ? 'backoff' : 'failed');
        facts.set('lastError', outcome.error);
      }
      facts.add('checked');
    }
    facts.set('waited', waited);
    if (waited + POLL_MS > task.maxWaitMs) {
      facts.add('out_of_time');
      if (!facts.has('arrived') && !facts.get('lastError')) {
        facts.set('lastError', {
          code: 'card_not_arrived',
          message: `No new card arrived within ${task.maxWaitMs} ms.`,
          retryable: false,
        });
      }
    }
    return facts;
  },
  actions(task, facts) {
    return [
      {
        name: 'check_card_request',
        args: [],
        pre: [],
        preNot: ['arrived', 'pending', 'backoff', 'failed'],
        add: ['arrived'],
        cost: 1,
        call: { toolName: TOOLS.customerCheckCardRequest, input: { requestId: task.requestId } },
      },
      {
        name: 'wait',
        args: [],
        pre: [],
        preNot: ['arrived', 'out_of_time', 'failed'],
        del: ['pending', 'backoff'],
        add: [],
        cost: 1,
        call: { toolName: TOOLS.wait, input: { ms: POLL_MS, reason: `card request ${task.requestId} still pending` } },
        why: facts.has('pending') ? 'the card has not arrived yet: wait and look again' : undefined,
      },
    ];
  },
  goals: () => [
    { name: 'new card arrived', all: ['arrived'] },
    { name: 'reported', all: [] },
  ],
  result: (_task, facts) => facts.get<Record<string, unknown>>('result') ?? {},
};
