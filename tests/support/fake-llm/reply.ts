import type { FakeCall, FakeFinish, FakeToolCall, FakeUsage, RenderableReply } from './types';

/** A reply with every optional part settled, ready for either wire to render. */
export interface ResolvedReply {
  kind: RenderableReply['kind'];
  reasoning: string;
  text: string;
  /** Only for kind "refusal". */
  refusal: string;
  toolCalls: Required<FakeToolCall>[];
  finish: FakeFinish;
  usage: FakeUsage;
}

/** About four characters a token, like the offline planner counts. */
const tokens = (text: string) => Math.ceil(text.length / 4);

/** Rough usage from the lengths: the prompt and tools in, everything said out. */
export function estimateUsage(
  call: Pick<FakeCall, 'prompt' | 'tools'>,
  said: { reasoning: string; text: string; toolCalls: FakeToolCall[] },
): FakeUsage {
  const reasoningTokens = tokens(said.reasoning);
  const outputTokens =
    reasoningTokens + tokens(said.text) + said.toolCalls.reduce((n, c) => n + tokens(c.name + c.arguments), 0);
  return {
    inputTokens: tokens(JSON.stringify(call.prompt) + JSON.stringify(call.tools)),
    outputTokens,
    reasoningTokens,
  };
}

/**
 * Fills in what a reply left out: tool-call ids (`<idPrefix>_fake_<request>_<n>`, unique per server),
 * the finish reason (tool_calls when there are tool calls, else stop) and the usage.
 */
export function resolveReply(call: FakeCall, reply: RenderableReply, idPrefix: string): ResolvedReply {
  if (reply.kind === 'empty') {
    return {
      kind: 'empty',
      reasoning: '',
      text: '',
      refusal: '',
      toolCalls: [],
      finish: 'stop',
      usage: estimateUsage(call, { reasoning: '', text: '', toolCalls: [] }),
    };
  }
  if (reply.kind === 'refusal') {
    return {
      kind: 'refusal',
      reasoning: '',
      text: '',
      refusal: reply.text,
      toolCalls: [],
      finish: 'content_filter',
      usage: estimateUsage(call, { reasoning: '', text: reply.text, toolCalls: [] }),
    };
  }
  const reasoning = reply.reasoning ?? '';
  const text = reply.text ?? '';
  const toolCalls = (reply.toolCalls ?? []).map((c, i) => ({
    id: c.id ?? `${idPrefix}_fake_${call.index}_${i}`,
    name: c.name,
    arguments: c.arguments,
  }));
  const estimated = estimateUsage(call, { reasoning, text, toolCalls });
  return {
    kind: 'message',
    reasoning,
    text,
    refusal: '',
    toolCalls,
    finish: reply.finish ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop'),
    usage: { ...estimated, ...reply.usage },
  };
}
