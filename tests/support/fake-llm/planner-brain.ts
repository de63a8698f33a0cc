import { SPECIALISTS, type AgentName } from '@/lib/protocol/agents';
import { OfflinePlannerModel } from '@/lib/planner/offline-planner-model';
import type { FakeBrain, FakeCall, FakeMessageReply, FakeReply } from './types';

/**
 * A brain that thinks with the repo's offline planner: the same decisions the agents make offline,
 * served over a provider's HTTP API. Tool-call ids, reasoning and usage are the planner's.
 */
export function plannerBrain(modelId = 'fake-planner'): FakeBrain {
  const planner = new OfflinePlannerModel(modelId);
  return async (call) => {
    const result = await planner.doGenerate({ prompt: call.prompt, tools: call.tools });
    const reply: FakeMessageReply = { kind: 'message', toolCalls: [] };
    const reasoning: string[] = [];
    const text: string[] = [];
    for (const part of result.content) {
      if (part.type === 'reasoning') reasoning.push(part.text);
      else if (part.type === 'text') text.push(part.text);
      else if (part.type === 'tool-call')
        reply.toolCalls!.push({ id: part.toolCallId, name: part.toolName, arguments: part.input });
    }
    if (reasoning.length > 0) reply.reasoning = reasoning.join('\n');
    if (text.length > 0) reply.text = text.join('');
    reply.usage = {
      inputTokens: result.usage.inputTokens.total ?? 0,
      outputTokens: result.usage.outputTokens.total ?? 0,
      reasoningTokens: result.usage.outputTokens.reasoning ?? 0,
    };
    return reply;
  };
}

const AGENTS: readonly AgentName[] = ['CheckoutAgent', ...SPECIALISTS];

/** Which agent is calling: from the system prompt's first line ("You are the PaymentAgent: …"). */
export function agentOf(call: Pick<FakeCall, 'prompt'>): AgentName | undefined {
  const system = call.prompt.find((m) => m.role === 'system');
  if (!system) return undefined;
  const name = /^You are the (\w+)/.exec(system.content.split('\n', 1)[0])?.[1];
  return AGENTS.find((a) => a === name);
}

/** What a behaviour knows of its own history: enough to fire once, N times, or per agent. */
export interface BehaviourState {
  /** Calls this behaviour has seen, this one included. */
  readonly calls: number;
  /** Calls from this call's agent it has seen, this one included. */
  readonly agentCalls: number;
  /** Times it has answered instead of the brain below it, before this call. */
  readonly fired: number;
  /** Times it has answered for this call's agent, before this call. */
  readonly agentFired: number;
  /** Times it has answered for any agent (undefined: calls from no known agent). */
  firedFor(agent: AgentName | undefined): number;
  /** The calling agent (agentOf). */
  readonly agent: AgentName | undefined;
  /** Scratch space kept across this behaviour's calls. */
  readonly memo: Map<string, unknown>;
}

/** Returns a reply to answer instead of the brain below, or undefined to keep its reply. */
export type Behaviour = (
  call: FakeCall,
  plannerReply: FakeReply,
  state: BehaviourState,
) => FakeReply | undefined | Promise<FakeReply | undefined>;

/**
 * A brain that asks `base` first, then lets `behaviour` replace the reply. Stack them:
 * `withBehaviour(withBehaviour(plannerBrain(), a), b)`: b sees what a left.
 */
export function withBehaviour(base: FakeBrain, behaviour: Behaviour): FakeBrain {
  let calls = 0;
  let fired = 0;
  const callsBy = new Map<AgentName | undefined, number>();
  const firedBy = new Map<AgentName | undefined, number>();
  const memo = new Map<string, unknown>();
  return async (call) => {
    const baseReply = await base(call);
    // Counted after the base has answered and read in the same turn as a synchronous behaviour's
    // decision, so calls that overlap (agents asked in parallel) cannot both fire a once-only behaviour.
    const agent = agentOf(call);
    calls++;
    callsBy.set(agent, (callsBy.get(agent) ?? 0) + 1);
    const firedSnapshot = new Map(firedBy);
    const state: BehaviourState = {
      calls,
      agent,
      memo,
      agentCalls: callsBy.get(agent) ?? 0,
      fired,
      agentFired: firedSnapshot.get(agent) ?? 0,
      firedFor: (a) => firedSnapshot.get(a) ?? 0,
    };
    const replaced = await behaviour(call, baseReply, state);
    if (replaced === undefined) return baseReply;
    fired++;
    firedBy.set(agent, (firedBy.get(agent) ?? 0) + 1);
    return replaced;
  };
}
