import type { Behaviour } from '.';
import type { FakeMessageReply, FakeReply } from './types';
import { ANSWER_TOOL, ASK_TOOL, FINISH_CHECKOUT_TOOL, TOOLS } from '@/lib/protocol/agents';
import type { AgentName } from '@/lib/protocol/agents';

/**
 * What real models do, as transformations of a sensible reply (the offline planner's): the corpus the
 * model conformance suite replays against the app over each provider's HTTP API.
 */
export interface ModelBehaviour {
  name: string;
  act: Behaviour;
  /** How the order may end when the app handles the behaviour well. */
  expect: 'placed' | 'failed';
  /** A line of the trace, as the timeline labels it, that says what happened in words. */
  says: RegExp;
  /** Served over a stream cut at awkward places (inside UTF-8 characters, JSON strings). */
  midToken?: boolean;
}

const FINISH_TOOLS = new Set<string>([ANSWER_TOOL, FINISH_CHECKOUT_TOOL]);

const message = (reply: FakeReply): FakeMessageReply | null => (reply.kind === 'message' ? reply : null);
const finishCall = (reply: FakeReply) => message(reply)?.toolCalls?.find((c) => FINISH_TOOLS.has(c.name));
const firstCall = (reply: FakeReply) => message(reply)?.toolCalls?.[0];

/** The planner's answer-tool call written as prose instead, in one of the ways models write it. */
function answerInProse(render: (json: string, pretty: string) => string): Behaviour {
  return (_call, reply) => {
    const finish = finishCall(reply);
    if (!finish) return undefined;
    const value: unknown = JSON.parse(finish.arguments);
    return { kind: 'message', text: render(JSON.stringify(value), JSON.stringify(value, null, 2)), finish: 'stop' };
  };
}

/** Fires once, on the first call of `agent` (any agent when undefined) that `when` accepts. */
function once(
  agent: AgentName | undefined,
  act: Behaviour,
  when: (reply: FakeReply) => boolean = () => true,
): Behaviour {
  return (call, reply, state) => {
    if (state.fired > 0 || (agent && state.agent !== agent) || !when(reply)) return undefined;
    return act(call, reply, state);
  };
}

/** The planner's first tool call with its JSON arguments changed. */
function editFirstCall(edit: (args: Record<string, unknown>) => Record<string, unknown> | string): Behaviour {
  return (_call, reply) => editedReply(reply, edit);
}

function editedReply(
  reply: FakeReply,
  edit: (args: Record<string, unknown>) => Record<string, unknown> | string,
): FakeReply | undefined {
  const m = message(reply);
  const first = firstCall(reply);
  if (!m || !first) return undefined;
  const edited = edit(JSON.parse(first.arguments) as Record<string, unknown>);
  return {
    ...m,
    toolCalls: [
      { ...first, arguments: typeof edited === 'string' ? edited : JSON.stringify(edited) },
      ...m.toolCalls!.slice(1),
    ],
  };
}

const callsTool = (name: string) => (reply: FakeReply) => firstCall(reply)?.name === name;
const isTask = (reply: FakeReply) => firstCall(reply)?.name.startsWith('ask_') ?? false;

export const BEHAVIOURS: ModelBehaviour[] = [
  {
    name: 'the answer as a multi-line block',
    expect: 'placed',
    says: /answer read from its words/,
    act: answerInProse((_j, pretty) => `Done.\n\n\`\`\`json answer\n${pretty}\n\`\`\``),
  },
  {
    name: 'the answer as an inline block',
    expect: 'placed',
    says: /answer read from its words/,
    act: answerInProse((json) => `Done. \`\`\`json answer ${json}\`\`\``),
  },
  {
    name: 'the answer in a ```JSON block',
    expect: 'placed',
    says: /answer read from its words/,
    act: answerInProse((json) => `Done.\n\`\`\`JSON\n${json}\n\`\`\``),
  },
  {
    name: 'the answer as bare JSON',
    expect: 'placed',
    says: /answer read from its words/,
    act: answerInProse((json) => json),
  },
  {
    name: 'the answer with prose around it',
    expect: 'placed',
    says: /answer read from its words/,
    act: answerInProse((json) => `Sure! Here is the result: ${json}\nLet me know if you need anything else.`),
  },
  {
    name: 'no answer at all, once',
    expect: 'placed',
    says: /nudged to answer \(no answer call\)/,
    act: once(
      undefined,
      () => ({ kind: 'message', text: 'I have done what you asked.', finish: 'stop' }),
      (r) => finishCall(r)?.name === ANSWER_TOOL,
    ),
  },
  {
    name: 'no answer ever from the InventoryAgent',
    expect: 'failed',
    says: /InventoryAgent gave no answer \(no answer call\), even when asked again/,
    act: (_call, reply, state) =>
      state.agent === 'InventoryAgent' && finishCall(reply)
        ? { kind: 'message', text: 'Stock handled.', finish: 'stop' }
        : undefined,
  },
  {
    name: 'parallel tool calls',
    expect: 'placed',
    says: /CheckoutAgent · plan step 1 → ask_\w+, ask_customer_agent/,
    act: once(
      'CheckoutAgent',
      (call, reply) => {
        const m = message(reply)!;
        const extra = {
          id: 'call_parallel_profile',
          name: ASK_TOOL.CustomerAgent,
          arguments: JSON.stringify({
            request: 'Who is the customer?',
            task: { action: 'get_profile', customerId: customerIdOf(call.prompt) },
          }),
        };
        return { ...m, toolCalls: [...m.toolCalls!, extra] };
      },
      isTask,
    ),
  },
  {
    name: 'wrong field names',
    expect: 'placed',
    says: /blocked ask_\w+ · invalid_input/,
    act: once(
      'CheckoutAgent',
      editFirstCall((args) => {
        const { task, ...rest } = args as { task: Record<string, unknown> };
        const renamed = Object.fromEntries(
          Object.entries(task).map(([k, v]) => [k === 'action' ? 'action' : `${k}_id`, v]),
        );
        return { ...rest, task: renamed };
      }),
      isTask,
    ),
  },
  {
    name: 'a missing field',
    expect: 'placed',
    says: /blocked payment_authorize · invalid_input/,
    act: once(
      'PaymentAgent',
      editFirstCall(({ idempotencyKey: _dropped, ...args }) => args),
      callsTool(TOOLS.paymentAuthorize),
    ),
  },
  {
    name: 'extra fields',
    expect: 'placed',
    says: /CheckoutAgent finished ok/,
    act: (_call, reply) =>
      isTask(reply)
        ? editedReply(reply, (args) => ({
            ...args,
            confidence: 0.93,
            task: { ...(args.task as object), priority: 'high' },
          }))
        : undefined,
  },
  {
    name: 'a hallucinated tool',
    expect: 'placed',
    says: /blocked payment_refund · unknown_tool/,
    act: once(
      'CheckoutAgent',
      () => ({
        kind: 'message',
        toolCalls: [
          {
            name: TOOLS.paymentRefund,
            arguments: JSON.stringify({ orderId: 'ord_other', captureId: 'cap_other', amountCents: 99_999 }),
          },
        ],
      }),
      isTask,
    ),
  },
  {
    name: 'truncation at the token limit',
    expect: 'placed',
    says: /nudged to answer \(truncated\)/,
    act: once('PaymentAgent', () => ({
      kind: 'message',
      text: 'I will now authorize the payment of',
      finish: 'length',
    })),
  },
  {
    name: 'an empty reply',
    expect: 'placed',
    says: /model empty_reply · attempt 1 · retry in/,
    act: once('ShippingAgent', () => ({ kind: 'empty' })),
  },
  {
    name: 'a refusal',
    expect: 'placed',
    says: /nudged to answer \(refusal\)/,
    act: once('CustomerAgent', () => ({ kind: 'refusal', text: "I'm sorry, but I can't help with that." })),
  },
  {
    name: '429 with Retry-After',
    expect: 'placed',
    says: /model rate_limited \(429\) · attempt 1 · retry in 1\.\d s/,
    act: once(undefined, () => ({ kind: 'http-error', status: 429, headers: { 'retry-after': '1' } })),
  },
  {
    name: 'a 500',
    expect: 'placed',
    says: /model server_error \(500\) · attempt 1 · retry in/,
    act: once('PaymentAgent', () => ({ kind: 'http-error', status: 500 })),
  },
  {
    name: 'a hang past the step timeout',
    expect: 'placed',
    says: /model timeout · attempt 1 · retry in/,
    act: once('InventoryAgent', () => ({ kind: 'hang', ms: 60_000 })),
  },
  {
    name: 'malformed tool-call JSON',
    expect: 'placed',
    says: /blocked ask_\w+ · invalid_input/,
    act: once(
      'CheckoutAgent',
      editFirstCall((args) => JSON.stringify(args).slice(0, 25)),
      isTask,
    ),
  },
  {
    name: 'streamed deltas split mid-token',
    expect: 'placed',
    says: /CheckoutAgent finished ok/,
    midToken: true,
    act: () => undefined,
  },
  {
    name: 'a model that keeps failing (500 on every PaymentAgent call)',
    expect: 'failed',
    says: /model server_error \(500\) · attempt \d · gave up/,
    act: (_call, _reply, state) => (state.agent === 'PaymentAgent' ? { kind: 'http-error', status: 500 } : undefined),
  },
  {
    name: 'a model that keeps answering 429 (every PaymentAgent call)',
    expect: 'failed',
    says: /model rate_limited \(429\) · attempt \d · gave up/,
    act: (_call, _reply, state) =>
      state.agent === 'PaymentAgent' ? { kind: 'http-error', status: 429, headers: { 'retry-after': '1' } } : undefined,
  },
  {
    name: 'a model that keeps giving empty replies (every PaymentAgent call)',
    expect: 'failed',
    says: /PaymentAgent gave no answer \(empty reply\)/,
    act: (_call, _reply, state) => (state.agent === 'PaymentAgent' ? { kind: 'empty' } : undefined),
  },
];

/** The customer id of the goal, from the CheckoutAgent's prompt. */
function customerIdOf(prompt: { role: string; content: unknown }[]): string {
  const text = JSON.stringify(prompt);
  return /\\"customerId\\": \\"(\w+)\\"/.exec(text)?.[1] ?? 'cus_ada';
}
