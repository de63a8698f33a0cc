import type { TraceEvent } from '@/lib/trace/events';
import type { Span, SpanState } from '@/lib/trace/projections/spans';
import { jsonText } from './otlp-values';

/**
 * The GenAI message shapes (gen_ai.input.messages / gen_ai.output.messages: role, parts, finish_reason)
 * and the finish-reason spelling of the conventions. A chat span's input is what its agent had said
 * and heard before that step: the goal, its earlier replies, its tools' results, nudges.
 */

/** Input messages are capped at this many bytes of JSON: the latest messages are kept, the goal always. */
export const INPUT_MESSAGES_CAP_BYTES = 16 * 1024;

/** The AI SDK's finish reasons → the conventions' (tool_call, stop, length, content_filter, error). */
const FINISH_REASONS: Readonly<Record<string, string>> = {
  stop: 'stop',
  length: 'length',
  'content-filter': 'content_filter',
  'tool-calls': 'tool_call',
  error: 'error',
};

export function conventionFinishReason(reason: string): string {
  return FINISH_REASONS[reason] ?? reason;
}

export interface GenAiMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  parts: Record<string, unknown>[];
  finish_reason?: string;
}

type ModelStep = Extract<TraceEvent, { type: 'model.step' }>;

export function outputMessage(step: ModelStep['data']): GenAiMessage {
  const parts = [
    ...(step.reasoning ? [{ type: 'reasoning', content: step.reasoning }] : []),
    ...(step.text ? [{ type: 'text', content: step.text }] : []),
    ...step.toolCalls.map((call) => ({
      type: 'tool_call',
      id: call.toolCallId,
      name: call.toolName,
      arguments: call.input,
    })),
  ];
  return { role: 'assistant', parts, finish_reason: conventionFinishReason(step.finishReason) };
}

function messageOf(event: TraceEvent): GenAiMessage | null {
  switch (event.type) {
    case 'agent.started':
      return { role: 'user', parts: [{ type: 'text', content: event.data.goal }] };
    case 'agent.nudged':
      return { role: 'user', parts: [{ type: 'text', content: event.data.text }] };
    case 'model.step': {
      const { finish_reason: _, ...message } = outputMessage(event.data);
      return message;
    }
    case 'tool.result':
      return {
        role: 'tool',
        parts: [
          {
            type: 'tool_call_response',
            id: event.data.toolCallId,
            response: jsonText(event.data.status === 'error' ? event.data.error : event.data.output) ?? '',
          },
        ],
      };
    case 'guard.blocked':
      return {
        role: 'tool',
        parts: [
          {
            type: 'tool_call_response',
            id: event.data.toolCallId,
            response: `${event.data.code}: ${event.data.message}`,
          },
        ],
      };
    default:
      return null;
  }
}

export interface InputMessages {
  json: string;
  /** Messages left out to stay under the cap (the oldest after the goal). */
  dropped: number;
}

/** What the agent had said and heard before this chat span's step, as GenAI input messages, capped. */
export function chatInputMessages(state: SpanState, chat: Span): InputMessages | undefined {
  const step = chat.events.find((e): e is ModelStep => e.type === 'model.step');
  const agent = chat.parentId === null ? undefined : state.spans[chat.parentId];
  if (!step || !agent || agent.kind !== 'invoke_agent') return undefined;
  const siblings = (state.children[agent.id] ?? [])
    .map((id) => state.spans[id])
    .filter((s) => s.kind === 'chat' || s.kind === 'execute_tool');
  const events = [...agent.events, ...siblings.flatMap((s) => s.events)]
    .filter((e) => e.seq < step.seq)
    .sort((a, b) => a.seq - b.seq);
  const messages = events.map(messageOf).filter((m): m is GenAiMessage => m !== null);
  return capMessages(messages);
}

/** Keeps the first message (the goal) and as many of the latest as fit; a lone message too big is cut short. */
export function capMessages(messages: GenAiMessage[], cap = INPUT_MESSAGES_CAP_BYTES): InputMessages {
  const size = (m: GenAiMessage) => Buffer.byteLength(JSON.stringify(m), 'utf8') + 1;
  if (messages.length === 0) return { json: '[]', dropped: 0 };
  const [head, ...rest] = messages;
  let budget = cap - 2 - size(head);
  const kept: GenAiMessage[] = [];
  for (let i = rest.length - 1; i >= 0 && budget - size(rest[i]) >= 0; i--) {
    budget -= size(rest[i]);
    kept.unshift(rest[i]);
  }
  const json = JSON.stringify([head, ...kept]);
  if (Buffer.byteLength(json, 'utf8') <= cap) return { json, dropped: rest.length - kept.length };
  // Even the goal alone is over the cap: its text is cut, so the attribute stays valid JSON.
  const text = String((head.parts[0] as { content?: unknown }).content ?? '');
  const cut = { ...head, parts: [{ type: 'text', content: `${text.slice(0, Math.max(0, cap / 4 - 64))}…` }] };
  return { json: JSON.stringify([cut]), dropped: rest.length };
}
