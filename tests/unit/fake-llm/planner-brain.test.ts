import type { LanguageModelV4Prompt } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import {
  agentOf,
  plannerBrain,
  withBehaviour,
  type FakeBrain,
  type FakeCall,
  type FakeReply,
} from '../../support/fake-llm';

const callFrom = (system: string | undefined, index = 0): FakeCall => {
  const prompt: LanguageModelV4Prompt = [
    ...(system ? [{ role: 'system' as const, content: system }] : []),
    { role: 'user', content: [{ type: 'text', text: 'go' }] },
  ];
  return { dialect: 'openai', model: 'm', prompt, tools: [], stream: false, index };
};

describe('agentOf', () => {
  it('reads the agent from the system prompt’s first line, and only a known agent', () => {
    expect(agentOf(callFrom('You are the CheckoutAgent. Your goal: complete the purchase.'))).toBe('CheckoutAgent');
    expect(agentOf(callFrom('You are the PaymentAgent: you authorize…\nYou are the InventoryAgent'))).toBe(
      'PaymentAgent',
    );
    expect(agentOf(callFrom('Be brief.\nYou are the PaymentAgent'))).toBeUndefined();
    expect(agentOf(callFrom('You are the WizardAgent.'))).toBeUndefined();
    expect(agentOf(callFrom(undefined))).toBeUndefined();
  });
});

describe('plannerBrain', () => {
  it('relays the offline planner’s reasoning, text and usage as a message reply', async () => {
    const reply = await plannerBrain()(callFrom('You are the CheckoutAgent.'));
    expect(reply).toMatchObject({
      kind: 'message',
      reasoning: 'None of my planning domains fits these tools.',
      text: 'I cannot act on this request with the tools offered.',
      toolCalls: [],
    });
    expect(reply.kind === 'message' && reply.usage?.inputTokens).toBeGreaterThan(0);
  });
});

describe('withBehaviour', () => {
  const base: FakeBrain = async () => {
    await new Promise((resolve) => setImmediate(resolve));
    return { kind: 'message', text: 'base' };
  };
  const texts = (replies: FakeReply[]) => replies.map((r) => (r.kind === 'message' ? r.text : r.kind));
  const agents = ['PaymentAgent', 'InventoryAgent', 'PaymentAgent', 'PaymentAgent', 'InventoryAgent'];
  const calls = agents.map((a, i) => callFrom(`You are the ${a}: …`, i));

  it('keeps the base reply on undefined, and fires once overall even when calls overlap', async () => {
    const brain = withBehaviour(base, (_call, _reply, state) => (state.fired === 0 ? { kind: 'empty' } : undefined));
    const replies = await Promise.all(calls.map(async (c) => brain(c)));
    expect(texts(replies).filter((t) => t === 'empty')).toHaveLength(1);
    expect(texts(replies).filter((t) => t === 'base')).toHaveLength(4);
  });

  it('fires N times, or once per agent, from its own counts', async () => {
    const twice = withBehaviour(base, (_c, _r, state) =>
      state.fired < 2 ? { kind: 'refusal', text: `no ${state.calls}` } : undefined,
    );
    const perAgent = withBehaviour(base, (_c, _r, state) =>
      state.agentFired === 0 ? { kind: 'message', text: `first ${state.agent} of ${state.agentCalls}` } : undefined,
    );
    const twiceReplies: FakeReply[] = [];
    const perAgentReplies: FakeReply[] = [];
    for (const c of calls) {
      twiceReplies.push(await twice(c));
      perAgentReplies.push(await perAgent(c));
    }
    expect(twiceReplies.map((r) => r.kind)).toEqual(['refusal', 'refusal', 'message', 'message', 'message']);
    expect(texts(perAgentReplies)).toEqual([
      'first PaymentAgent of 1',
      'first InventoryAgent of 1',
      'base',
      'base',
      'base',
    ]);
  });

  it('sees the reply of the brain below, stacked, and keeps a memo across calls', async () => {
    const inner = withBehaviour(base, (call) => (call.index === 1 ? { kind: 'message', text: 'inner' } : undefined));
    const outer = withBehaviour(inner, (_call, below, state) => {
      const seen = (state.memo.get('seen') as string[] | undefined) ?? [];
      state.memo.set('seen', [...seen, below.kind === 'message' ? (below.text ?? '') : below.kind]);
      return state.calls === 3 ? { kind: 'message', text: (state.memo.get('seen') as string[]).join(',') } : undefined;
    });
    const replies: FakeReply[] = [];
    for (const c of calls.slice(0, 3)) replies.push(await outer(c));
    expect(texts(replies)).toEqual(['base', 'inner', 'base,inner,base']);
  });
});
