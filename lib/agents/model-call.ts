import {
  APICallError,
  type LanguageModelV4Content,
  type LanguageModelV4GenerateResult,
  type LanguageModelV4StreamPart,
} from '@ai-sdk/provider';

/** Why one model call did not give a usable reply, in the words the trace records. */
export type ModelFailureKind =
  | 'rate_limited'
  | 'server_error'
  | 'timeout'
  | 'connection'
  | 'empty_reply'
  | 'client_error'
  | 'bad_response';

export interface ModelFailure {
  kind: ModelFailureKind;
  retryable: boolean;
  message: string;
  status?: number;
  /** What the provider asked us to wait (Retry-After / retry-after-ms), when it said. */
  retryAfterMs?: number;
}

/** A failure served from a run's record (a re-run meets the failures the run met, as they were). */
export class RecordedModelFailure extends Error {
  constructor(readonly failure: ModelFailure) {
    super(failure.message);
    this.name = 'RecordedModelFailure';
  }
}

/** Retry-After as seconds or an HTTP date; retry-after-ms (OpenAI) in milliseconds. */
export function retryAfterMs(headers: Record<string, string> | undefined, now: number): number | undefined {
  if (!headers) return undefined;
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const ms = Number(lower['retry-after-ms']);
  if (lower['retry-after-ms'] !== undefined && Number.isFinite(ms) && ms >= 0) return ms;
  const value = lower['retry-after'];
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (value.trim() !== '' && Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function connectionCode(error: unknown): string | undefined {
  for (
    let e: unknown = error, depth = 0;
    e && typeof e === 'object' && depth < 5;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && CONNECTION_CODES.has(code)) return code;
  }
  return error instanceof TypeError && /fetch failed|network|socket/i.test(error.message) ? 'fetch failed' : undefined;
}

const oneLine = (text: string, max = 300) => text.replace(/\s+/g, ' ').trim().slice(0, max);

/** What went wrong with a call that threw; `timedOut` when our own step timeout cut it. */
export function classifyModelError(error: unknown, timedOut: boolean, now: number): ModelFailure {
  if (error instanceof RecordedModelFailure) return error.failure;
  if (timedOut)
    return { kind: 'timeout', retryable: true, message: 'the model did not answer within the step timeout' };
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    const message = oneLine(`${status ?? ''} ${error.message}`);
    if (status === 429)
      return {
        kind: 'rate_limited',
        retryable: true,
        status,
        message,
        retryAfterMs: retryAfterMs(error.responseHeaders, now),
      };
    if (status !== undefined && (status >= 500 || status === 408 || status === 409)) {
      return {
        kind: 'server_error',
        retryable: true,
        status,
        message,
        retryAfterMs: retryAfterMs(error.responseHeaders, now),
      };
    }
    if (status === undefined) {
      const code = connectionCode(error);
      return {
        kind: code ? 'connection' : 'bad_response',
        retryable: code !== undefined || error.isRetryable,
        message,
      };
    }
    return { kind: 'client_error', retryable: false, status, message };
  }
  const code = connectionCode(error);
  if (code)
    return {
      kind: 'connection',
      retryable: true,
      message: oneLine(`${code}: ${error instanceof Error ? error.message : String(error)}`),
    };
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { kind: 'bad_response', retryable: false, message: oneLine(message) };
}

/** A reply with nothing in it: no text, no tool call (reasoning alone does not count). */
export function isEmptyReply(result: LanguageModelV4GenerateResult): boolean {
  return !result.content.some((p) => (p.type === 'text' && p.text.trim() !== '') || p.type === 'tool-call');
}

/**
 * Exponential backoff with deterministic jitter (half to full of the step), never less than what the
 * provider asked for; `jitter` in [0, 1) comes from the caller so a re-run waits the same.
 */
export function backoffMs(attempt: number, jitter: number, askedMs: number | undefined, capMs = 30_000): number {
  const step = Math.min(capMs, 500 * 2 ** (attempt - 1));
  const backoff = Math.round(step / 2 + (step / 2) * jitter);
  return Math.max(backoff, askedMs ?? 0);
}

/** Live pieces of a reply while it streams: text and reasoning as they arrive. */
export type ReplyDelta = { kind: 'text' | 'reasoning'; delta: string };

/** A text or reasoning block being read from a stream; the provider's metadata for it: the newest given wins. */
type OpenBlock = Extract<LanguageModelV4Content, { type: 'text' | 'reasoning' }>;

/**
 * Reads a provider's stream to its end into the result a generate call would give, handing text and
 * reasoning deltas to `onDelta` as they come. Tool calls are taken whole (the provider assembles them).
 * A block keeps the provider metadata its parts carried (as the AI SDK's own stream reader does): an
 * Anthropic thinking block's signature comes on a delta of its own, and without it the block cannot be
 * sent back on the next step (the SDK drops it, warning "unsupported reasoning metadata").
 */
export async function collectStream(
  stream: ReadableStream<LanguageModelV4StreamPart>,
  onDelta: (delta: ReplyDelta) => void,
): Promise<LanguageModelV4GenerateResult> {
  const content: LanguageModelV4Content[] = [];
  const open = new Map<string, OpenBlock>();
  let finish: Extract<LanguageModelV4StreamPart, { type: 'finish' }> | undefined;
  let response: LanguageModelV4GenerateResult['response'];
  const warnings: LanguageModelV4GenerateResult['warnings'] = [];
  const blockFor = (type: OpenBlock['type'], id: string): OpenBlock => {
    let block = open.get(`${type}:${id}`);
    if (!block) {
      block = type === 'text' ? { type: 'text', text: '' } : { type: 'reasoning', text: '' };
      open.set(`${type}:${id}`, block);
      content.push(block);
    }
    return block;
  };
  const reader = stream.getReader();
  for (;;) {
    const { done, value: part } = await reader.read();
    if (done) break;
    switch (part.type) {
      case 'stream-start':
        warnings.push(...part.warnings);
        break;
      case 'response-metadata':
        response = { id: part.id, timestamp: part.timestamp, modelId: part.modelId };
        break;
      case 'text-start':
      case 'reasoning-start':
      case 'text-end':
      case 'reasoning-end': {
        const block = blockFor(part.type.startsWith('text') ? 'text' : 'reasoning', part.id);
        if (part.providerMetadata) block.providerMetadata = part.providerMetadata;
        break;
      }
      case 'text-delta':
      case 'reasoning-delta': {
        const type = part.type === 'text-delta' ? 'text' : 'reasoning';
        const block = blockFor(type, part.id);
        block.text += part.delta;
        if (part.providerMetadata) block.providerMetadata = part.providerMetadata;
        if (part.delta) onDelta({ kind: type, delta: part.delta });
        break;
      }
      case 'tool-call':
        content.push(part);
        break;
      case 'finish':
        finish = part;
        break;
      case 'error':
        throw part.error instanceof Error
          ? part.error
          : new Error(typeof part.error === 'string' ? part.error : JSON.stringify(part.error));
      default:
        break;
    }
  }
  if (!finish) throw new Error('the model stream ended without a finish');
  return {
    // An empty block says nothing, unless its metadata is the content (Anthropic's redacted thinking).
    content: content.filter(
      (p) => !((p.type === 'text' || p.type === 'reasoning') && p.text === '' && !p.providerMetadata),
    ),
    finishReason: finish.finishReason,
    usage: finish.usage,
    warnings,
    response,
  };
}
