import type { LanguageModelV4FunctionTool, LanguageModelV4Prompt } from '@ai-sdk/provider';

export type Dialect = 'openai' | 'anthropic';

/** One model request as the fake understood it, whichever wire it came over. */
export interface FakeCall {
  dialect: Dialect;
  model: string;
  prompt: LanguageModelV4Prompt;
  tools: LanguageModelV4FunctionTool[];
  stream: boolean;
  maxOutputTokens?: number;
  temperature?: number;
  /** 0-based count of the model requests this server has accepted (bad requests are not counted). */
  index: number;
}

export interface FakeToolCall {
  /** Generated when omitted (`call_…` for OpenAI, `toolu_…` for Anthropic). */
  id?: string;
  name: string;
  /** Raw JSON text, sent as it is: may be malformed on purpose. */
  arguments: string;
}

/** How the answer ended, in OpenAI's words (Anthropic: end_turn, max_tokens, tool_use, refusal). */
export type FakeFinish = 'stop' | 'length' | 'tool_calls' | 'content_filter';

export interface FakeUsage {
  inputTokens: number;
  outputTokens: number;
  /** Part of outputTokens spent on reasoning. */
  reasoningTokens: number;
}

export type FakeMessageReply = {
  kind: 'message';
  reasoning?: string;
  text?: string;
  toolCalls?: FakeToolCall[];
  /** Inferred when omitted: tool_calls if there are tool calls, else stop. */
  finish?: FakeFinish;
  /** Estimated from the lengths when omitted. */
  usage?: Partial<FakeUsage>;
};

export type FakeReply =
  | FakeMessageReply
  /** OpenAI: message.refusal with content null; Anthropic: stop_reason "refusal". */
  | { kind: 'refusal'; text: string }
  /** A 200 with no content at all. */
  | { kind: 'empty' }
  /** The provider's error JSON shape unless `body` is given. */
  | { kind: 'http-error'; status: number; headers?: Record<string, string>; body?: unknown }
  /**
   * Accept the request and send nothing: until the client goes away, or for `ms`, after which `then`
   * is answered (a slow model) or, without `then`, the connection is dropped.
   */
  | { kind: 'hang'; ms?: number; then?: FakeReply };

export type FakeBrain = (call: FakeCall) => FakeReply | Promise<FakeReply>;

/**
 * How streamed deltas are cut. `words`: small word-sized pieces, one SSE event per write.
 * `mid-token`: 1–3 character pieces that cut JSON strings and escapes in tool arguments, and the bytes
 * on the wire cut inside multi-byte UTF-8 characters, inside JSON escapes and between an event's two
 * newlines, each cut a separate write with a flush in between.
 */
export type Chunking = 'words' | 'mid-token';

/** A reply the wire modules render (errors and hangs are the server's business). */
export type RenderableReply = Extract<FakeReply, { kind: 'message' | 'refusal' | 'empty' }>;

/** One server-sent event, before it is encoded. */
export interface SseEvent {
  event?: string;
  data: string;
}

export interface BadRequest {
  message: string;
  fields: { path: string; message: string }[];
}
