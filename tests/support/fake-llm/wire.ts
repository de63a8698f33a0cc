import type { ResolvedReply } from './reply';
import type { BadRequest, Dialect, FakeCall, SseEvent } from './types';

/** What a request said, before the server numbers it. */
export type ParsedRequest = Omit<FakeCall, 'dialect' | 'index'> & {
  /** OpenAI's stream_options.include_usage (Anthropic always streams its usage). */
  includeUsage: boolean;
};

/** One provider's HTTP dialect: how its requests read and its replies look. */
export interface Wire {
  dialect: Dialect;
  /** The path the SDK posts to below its base URL (any prefix is accepted). */
  pathSuffix: string;
  /** Prefix of the tool-call ids the fake makes up. */
  toolCallIdPrefix: string;
  parse(body: unknown): { ok: true; request: ParsedRequest } | { ok: false; error: BadRequest };
  renderJson(call: FakeCall, reply: ResolvedReply): unknown;
  /** The SSE events of a streamed reply; `split` cuts a delta into the pieces to send. */
  renderEvents(
    call: FakeCall,
    reply: ResolvedReply,
    split: (text: string) => string[],
    includeUsage: boolean,
  ): SseEvent[];
  /** The provider's error body for a status (the fields are added for a 400 the fake answers itself). */
  errorBody(status: number, message?: string, fields?: BadRequest['fields']): unknown;
  /** Headers a real reply carries (request ids). */
  replyHeaders(call: FakeCall): Record<string, string>;
}
