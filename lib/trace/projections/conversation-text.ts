import type { Action, Names } from './conversation-words';
import {
  actionWords,
  capitalize,
  cardWords,
  codeWords,
  failureWords,
  inSentence,
  resultWords,
  withNames,
} from './conversation-words';
import type { ConversationLine, DecisionKind, Obstacle } from './conversation';

/** Each conversation line as the sentence shown for it, with the names known now. */

/** What the agent saw: "Visa ··0002 was declined", "authorize $129.00 on Visa ··4242 timed out". */
export function observedWords(o: Obstacle, names: Names): string {
  const card = o.action.key === 'payment:authorize' ? cardWords(o.action.input.paymentMethodId, names) : null;
  switch (o.code) {
    case 'card_declined':
      return card ? `${card} was declined` : 'the card was declined';
    case 'insufficient_funds':
      return card ? `${card} has insufficient funds` : 'insufficient funds';
    case 'card_expired':
    case 'expired_card':
      return card ? `${card} has expired` : 'the card has expired';
    case 'gateway_timeout':
    case 'timeout':
      return `${inSentence(actionWords(o.action, names))} timed out: did it go through?`;
    case 'no_usable_card':
      return 'no usable card on file';
    case 'card_not_arrived':
      return 'no new card arrived in time';
    default:
      return failureWords(o.action, { code: o.code }, names);
  }
}

/** What the agent chose instead. */
export function choiceWords(
  kind: DecisionKind,
  chose: readonly Action[],
  finished: 'placed' | 'failed' | null,
  names: Names,
): string {
  const [first] = chose;
  switch (kind) {
    case 'another_card': {
      const id = first?.input.paymentMethodId;
      const role = typeof id === 'string' && Object.hasOwn(names.cards, id) ? names.cards[id].role : undefined;
      const card = cardWords(id, names);
      return role === 'backup'
        ? `pay with the backup card, ${card}`
        : card === 'the new card'
          ? 'pay with the new card'
          : `pay with another card, ${card}`;
    }
    case 'new_card':
      return 'ask the customer for a new card';
    case 'status_check':
      return 'check the payment status before trying again';
    case 'another_carrier':
      return `ship with another carrier${first ? `: ${inSentence(actionWords(first, names))}` : ''}`;
    case 'hold_shipment':
      return 'hold the shipment';
    case 'other_channel':
      return first ? inSentence(actionWords(first, names)) : 'reach the customer another way';
    case 'give_up': {
      const steps = chose.map((a) => inSentence(actionWords(a, names)));
      if (finished === 'failed') steps.push('end with the order failed');
      return `stop and clean up${steps.length ? `: ${steps.join(', ')}` : ''}`;
    }
    case 'changed':
      return first ? inSentence(actionWords(first, names)) : 'change the plan';
  }
}

export const DECISION_LABELS: Record<DecisionKind, string> = {
  another_card: 'backup card',
  new_card: 'new card',
  status_check: 'status check',
  another_carrier: 'other carrier',
  hold_shipment: 'hold shipment',
  other_channel: 'other channel',
  give_up: 'give up cleanly',
  changed: 'new plan',
};

export function decisionWords(line: Extract<ConversationLine, { kind: 'decision' }>, names: Names): string {
  return `${capitalize(observedWords(line.observed, names))} → ${choiceWords(line.decision, line.chose, line.finished, names)}.`;
}

/** The sentence of a line (a request, a reply, a thought, a service call…). */
export function lineText(line: ConversationLine, names: Names): string {
  switch (line.kind) {
    case 'request':
      return line.action ? `${actionWords(line.action, names)}.` : withNames(line.text, names);
    case 'reply':
      if (line.status === 'ok')
        return line.action
          ? `${capitalize(resultWords(line.action, line.result, names))}.`
          : withNames(line.text, names);
      if (line.status === 'failed')
        return line.action
          ? `Could not ${inSentence(actionWords(line.action, names))}: ${codeWords(line.error?.code ?? 'failed')}${line.error?.message ? ` (${withNames(line.error.message, names)})` : ''}.`
          : withNames(line.text, names);
      return `No answer${line.error?.message ? `: ${withNames(line.error.message, names)}` : ''}.`;
    case 'thought':
      // A planner's step names (list_payment_methods, authorize(pm_…)) read as words once their ids are names.
      return withNames(line.text, names).replace(/(\w)_(?=\w)/g, '$1 ');
    case 'tool': {
      const words =
        line.status === 'ok'
          ? resultWords(line.action, line.output, names)
          : line.status === 'running'
            ? `${inSentence(actionWords(line.action, names))}…`
            : line.status === 'blocked'
              ? `${inSentence(actionWords(line.action, names))}: blocked (${line.error?.message ?? 'out of scope'})`
              : failureWords(line.action, line.error ?? undefined, names);
      return words;
    }
    case 'decision':
      return decisionWords(line, names);
    case 'note':
      return withNames(line.text, names);
    case 'stop': {
      const why = line.error ? observedWords(line.error, names) : withNames(line.reason, names);
      const rest = line.skipped.length ? ` Never reached: ${line.skipped.map((s) => s.words).join(', ')}.` : '';
      return `Stopped at step ${line.step.index} of ${line.step.of} (${line.step.words}): ${why}. The script has no other path: it releases the stock and gives up.${rest}`;
    }
    case 'end':
      return withNames(line.text, names);
  }
}
