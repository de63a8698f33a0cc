import { afterEach, describe, expect, it } from 'vitest';
import { createFaultRule } from '@/lib/faults/rules';
import { getOrderDetails } from '@/lib/store/order-details';
import type { TraceEvent } from '@/lib/trace/events';
import { checkoutVerdict } from '@/lib/trace/projections/checkout-verdict';
import {
  decisionsOf,
  emptyConversation,
  foldConversation,
  lineSelectedBy,
  ORCHESTRATOR_SCRIPT,
  reduceConversation,
  shortThought,
  type ConversationLine,
  type ConversationState,
} from '@/lib/trace/projections/conversation';
import { lineText } from '@/lib/trace/projections/conversation-text';
import { mergeNames, type Names } from '@/lib/trace/projections/conversation-words';
import { createCheckoutHarness, type Harness } from '../../../support/checkout-harness';

/**
 * The conversation of real recorded runs: the offline planner over the real services and
 * database (tests/support/checkout-harness.ts), with the demo customers and fault presets.
 */

let h: Harness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

interface Recorded {
  events: TraceEvent[];
  conversation: ConversationState;
  /** The run's names plus the order's product names, as the run page has them (GET /api/orders/:id). */
  names: Names;
  text: string[];
}

async function record(options: {
  customerId: string;
  preset?: string;
  rules?: Record<string, unknown>[];
  newCardDelayMs?: number;
  mode?: 'agents' | 'both';
}): Promise<Recorded[]> {
  h = await createCheckoutHarness({ newCardDelayMs: options.newCardDelayMs });
  if (options.preset) expect(await h.rt.applyPreset(options.preset)).toBe(true);
  for (const rule of options.rules ?? [])
    expect((await createFaultRule(h.t.db, { name: 'test rule', ...rule })).ok).toBe(true);
  const runs = await h.order({
    customerId: options.customerId,
    items: [{ sku: 'KB-001', quantity: 1 }],
    mode: options.mode ?? 'agents',
  });
  const harness = h;
  return Promise.all(
    runs.map(async (run) => {
      const events = await harness.events(run.runId);
      const conversation = foldConversation(events);
      const order = await getOrderDetails(harness.t.db, conversation.orderId ?? '');
      const names = mergeNames(conversation.names, {
        products: Object.fromEntries((order?.items ?? []).map((i) => [i.sku, i.productName])),
      });
      return {
        events,
        conversation,
        names,
        text: conversation.lines.map((l) => `${l.kind} ${l.agent}: ${lineText(l, names)}`),
      };
    }),
  );
}

const decisionLines = (r: Recorded) =>
  decisionsOf(r.conversation).map((d) => `${d.agent} ${d.decision}: ${lineText(d, r.names)}`);
const only = <K extends ConversationLine['kind']>(r: Recorded, kind: K) =>
  r.conversation.lines.filter((l): l is Extract<ConversationLine, { kind: K }> => l.kind === kind);

describe('the conversation of a run', () => {
  it('declined primary card → the backup card: requests, replies and calls in words, one decision', async () => {
    const [run] = await record({ customerId: 'cus_grace', preset: 'decline-primary-cards' });
    expect(decisionLines(run)).toEqual([
      'CheckoutAgent another_card: Visa ··0002 was declined → pay with the backup card, Mastercard ··4444.',
    ]);
    const [decision] = decisionsOf(run.conversation);
    expect(decision.observed).toMatchObject({
      code: 'card_declined',
      action: { key: 'payment:authorize', input: { paymentMethodId: 'pm_grace_visa' } },
    });
    expect(decision.chose).toMatchObject([{ key: 'payment:authorize', input: { paymentMethodId: 'pm_grace_mc' } }]);
    // The decision sits between the failed reply and the new request, on the step that made it.
    const at = run.text.findIndex((t) => t.startsWith('decision'));
    expect(run.text[at - 1]).toMatch(
      /^reply PaymentAgent: Could not authorize \$129\.00 on Visa ··0002: card declined/,
    );
    expect(run.text.slice(at + 1).find((t) => t.startsWith('request'))).toBe(
      'request CheckoutAgent: Authorize $129.00 on Mastercard ··4444.',
    );
    expect(decision.spanId).toBe(run.events.find((e) => e.seq === decision.seq && e.type === 'model.step')?.spanId);
    // Ids are names: cards, products, money.
    expect(run.text).toContain('request CheckoutAgent: Reserve 1 × Mechanical Keyboard.');
    expect(run.text).toContain('tool PaymentAgent: authorized $129.00 on Mastercard ··4444');
    expect(run.text).toContain('tool CustomerAgent: 2 cards: Visa ··0002 (primary), Mastercard ··4444 (backup)');
    expect(run.text).toContain('thought CheckoutAgent: The primary card cannot pay: use the backup.');
    expect(run.text.join('\n')).not.toMatch(/pm_grace|KB-001/);
    expect(run.text.at(-1)).toMatch(/^end : order placed/);
    expect(run.conversation.status).toBe('succeeded');
  });

  it('gateway timeouts → the PaymentAgent checks the status before each retry; the CheckoutAgent never re-plans', async () => {
    const [run] = await record({ customerId: 'cus_ada', preset: 'gateway-timeouts' });
    expect(decisionLines(run)).toEqual([
      'PaymentAgent status_check: Authorize $129.00 on Visa ··4242 timed out: did it go through? → check the payment status before trying again.',
      'PaymentAgent status_check: Authorize $129.00 on Visa ··4242 timed out: did it go through? → check the payment status before trying again.',
    ]);
    // The injected faults are on the calls' lines; the retry on the same card is not a decision.
    const authorizations = only(run, 'tool').filter((l) => l.action.key === 'payment:authorize');
    expect(authorizations.map((l) => [l.status, l.faults])).toEqual([
      ['error', ['timeout']],
      ['error', ['timeout']],
      ['ok', []],
    ]);
    expect(run.text).toContain('tool PaymentAgent: status check: nothing went through, a retry is safe');
  });

  it('no card on file → asks the customer for a new card, even with another step in between', async () => {
    const [run] = await record({ customerId: 'cus_linus' });
    expect(decisionLines(run)).toEqual([
      'CheckoutAgent new_card: No usable card on file → ask the customer for a new card.',
    ]);
    // The shipping quote came between the empty card list and the card request: not what the obstacle was answered with.
    const at = run.text.findIndex((t) => t.startsWith('decision'));
    expect(run.text.slice(0, at).some((t) => t === 'request CheckoutAgent: Quote shipping.')).toBe(true);
    expect(run.text[at + 2]).toBe('request CheckoutAgent: Ask the customer for a new card.');
    // The new card is named once it is known, in the lines before and after.
    expect(run.text).toContain(`request CheckoutAgent: Authorize $129.00 on ${cardOf(run, /^pm_cardreq/)}.`);
    expect(run.conversation.status).toBe('succeeded');
  });

  it('nothing works → another card, a new card, then release, tell the customer and finish failed', async () => {
    const [run] = await record({ customerId: 'cus_grace', preset: 'decline-all-cards', newCardDelayMs: Infinity });
    expect(decisionLines(run)).toEqual([
      'CheckoutAgent another_card: Visa ··0002 was declined → pay with the backup card, Mastercard ··4444.',
      'CheckoutAgent new_card: Mastercard ··4444 was declined → ask the customer for a new card.',
      'CheckoutAgent give_up: No new card arrived in time → stop and clean up: release 1 × Mechanical Keyboard, tell the customer “Order ord_1 could not be completed”, end with the order failed.',
    ]);
    expect(run.conversation.status).toBe('failed');
  });

  it('nothing works once the money is held → release the stock, void the hold, tell the customer; retries of the same capture are not decisions', async () => {
    const [run] = await record({
      customerId: 'cus_ada',
      rules: [{ service: 'payment', operation: 'capture', kind: 'server_error' }],
    });
    expect(decisionLines(run)).toEqual([
      'CheckoutAgent give_up: Capture $129.00 on Visa ··4242 failed: server error → stop and clean up: release 1 × Mechanical Keyboard, void the hold on Visa ··4242, ' +
        'tell the customer “Order ord_1 could not be completed”, end with the order failed.',
    ]);
    expect(only(run, 'tool').filter((l) => l.action.key === 'payment:capture').length).toBeGreaterThan(1);
    expect(run.conversation.status).toBe('failed');
  });

  it('the orchestrator reads as its fixed script, with the step where it stopped and the steps never reached', async () => {
    const [agents, orchestrator] = await record({
      customerId: 'cus_grace',
      preset: 'decline-primary-cards',
      mode: 'both',
    });
    expect(orchestrator.conversation.mode).toBe('orchestrator');
    const steps = only(orchestrator, 'tool').map((l) =>
      l.step ? `${l.step.index}/${l.step.of} ${l.action.key} ${l.status}` : `fallback ${l.action.key} ${l.status}`,
    );
    expect(steps).toEqual([
      '1/8 inventory:check ok',
      '2/8 inventory:reserve ok',
      '3/8 customer:listpaymentmethods ok',
      '4/8 payment:authorize error',
      'fallback inventory:release ok',
    ]);
    const [stop] = only(orchestrator, 'stop');
    expect(lineText(stop, orchestrator.names)).toBe(
      'Stopped at step 4 of 8 (authorize the primary card): Visa ··0002 was declined. The script has no other path: it releases the stock and gives up. ' +
        'Never reached: capture the payment, ship with UPS, commit the stock, email a confirmation.',
    );
    expect(decisionsOf(orchestrator.conversation)).toEqual([]);

    expect(checkoutVerdict(agents.conversation, orchestrator.conversation, agents.names)).toEqual({
      ended: true,
      agents:
        'Placed after re-planning once: Visa ··0002 was declined, so they chose to pay with the backup card, Mastercard ··4444.',
      orchestrator:
        'Failed at step 4 of 8 (authorize the primary card): Visa ··0002 was declined. Its script has no other path, so it released the stock and stopped.',
      replanned: [
        'Where the orchestrator stopped at step 4 (authorize the primary card), the agents saw that Visa ··0002 was declined and chose to pay with the backup card, Mastercard ··4444.',
      ],
    });
  });

  it('an orchestrator that stops without a failed call (no primary card) stops at the step it could not take', async () => {
    const [agents, orchestrator] = await record({ customerId: 'cus_linus', mode: 'both' });
    const [stop] = only(orchestrator, 'stop');
    expect(stop.step).toMatchObject({ index: 4, key: 'payment:authorize' });
    expect(lineText(stop, orchestrator.names)).toMatch(
      /^Stopped at step 4 of 8 \(authorize the primary card\): customer has no primary card\./,
    );
    const verdict = checkoutVerdict(agents.conversation, orchestrator.conversation, agents.names);
    expect(verdict.replanned).toEqual([
      'Where the orchestrator stopped at step 4 (authorize the primary card), the agents saw that no usable card on file and chose to ask the customer for a new card.',
    ]);
  });

  it('a clean orchestrator run walks exactly the script the projection knows', async () => {
    const [agents, orchestrator] = await record({ customerId: 'cus_ada', mode: 'both' });
    expect(only(orchestrator, 'tool').map((l) => l.action.key)).toEqual(ORCHESTRATOR_SCRIPT.map((s) => s.key));
    expect(orchestrator.conversation.script).toEqual({ done: 8, stopped: null });
    expect(checkoutVerdict(agents.conversation, orchestrator.conversation)).toEqual({
      ended: true,
      agents: 'Placed: every step worked as first planned.',
      orchestrator: 'Placed: all 8 steps of its fixed script went through.',
      replanned: [],
    });
  });

  it('decisions come from events, not from the planner’s words: a run with its reasoning erased has the same ones', async () => {
    const [run] = await record({ customerId: 'cus_grace', preset: 'decline-all-cards', newCardDelayMs: Infinity });
    const silent = run.events.map((e) =>
      e.type === 'model.step' ? { ...e, data: { ...e.data, reasoning: '', text: '' } } : e,
    );
    const kinds = (c: ConversationState) =>
      decisionsOf(c).map((d) => [d.agent, d.decision, d.observed.code, d.chose.map((a) => a.key)]);
    expect(kinds(foldConversation(silent))).toEqual(kinds(run.conversation));
    expect(only({ ...run, conversation: foldConversation(silent) }, 'thought')).toEqual([]);
  });

  it('live and replayed alike: folded event by event, in pieces, or again after a reconnect, the same lines', async () => {
    const [run] = await record({ customerId: 'cus_grace', preset: 'decline-primary-cards' });
    const oneByOne = run.events.reduce(reduceConversation, emptyConversation);
    const half = Math.floor(run.events.length / 2);
    const inPieces = foldConversation(run.events.slice(half), foldConversation(run.events.slice(0, half)));
    const replayed = foldConversation(run.events, inPieces);
    for (const state of [oneByOne, inPieces, replayed]) expect(state.lines).toEqual(run.conversation.lines);
    // A prefix is a replay position: the decision appears only once its step is reached.
    const decisionSeq = decisionsOf(run.conversation)[0].seq;
    expect(decisionsOf(foldConversation(run.events.filter((e) => e.seq < decisionSeq)))).toEqual([]);
    expect(decisionsOf(foldConversation(run.events.filter((e) => e.seq <= decisionSeq)))).toHaveLength(1);
  });

  it('lines are selected by their span and select it back: a message by its message span or its ask call', async () => {
    const [run] = await record({ customerId: 'cus_ada' });
    const request = only(run, 'request')[0];
    expect(request.spanId).toMatch(/\/msg-\d+$/);
    const askSpan = request.spanId.split('/msg-')[0];
    expect(run.conversation.lines.filter((l) => lineSelectedBy(l, askSpan)).map((l) => l.kind)).toEqual([
      'request',
      'reply',
    ]);
    const spanIds = new Set(run.events.map((e) => e.spanId));
    for (const line of run.conversation.lines)
      if (!line.spanId.includes('/msg-')) expect(spanIds.has(line.spanId), line.id).toBe(true);
  });
});

describe('short thoughts', () => {
  it('keep the why of a planner step, or the first sentence of a model’s prose', () => {
    expect(
      shortThought(
        'Observed: card pm_x is unusable: card_declined. Plan to "order completed": authorize(pm_y) → capture. Next: authorize(pm_y), because the primary card cannot pay: use the backup.',
      ),
    ).toBe('The primary card cannot pay: use the backup.');
    expect(shortThought('Plan to "quote done": quote. Next: quote.')).toBeNull();
    expect(shortThought('The card was declined. I will try the backup card next, then capture.')).toBe(
      'The card was declined.',
    );
    expect(shortThought('   ')).toBeNull();
  });
});

function cardOf(run: Recorded, id: RegExp): string {
  const entry = Object.entries(run.names.cards).find(([pm]) => id.test(pm));
  if (!entry) throw new Error(`no card matching ${id}`);
  return `${entry[1].brand.charAt(0).toUpperCase()}${entry[1].brand.slice(1)} ··${entry[1].last4}`;
}
