import { APICallError, type LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { backoffMs, classifyModelError, collectStream, retryAfterMs } from '@/lib/agents/model-call';

const apiError = (statusCode: number | undefined, headers?: Record<string, string>, cause?: unknown) =>
  new APICallError({
    message: 'boom',
    url: 'http://127.0.0.1/v1/chat/completions',
    requestBodyValues: {},
    statusCode,
    responseHeaders: headers,
    cause,
    isRetryable: statusCode === undefined,
  });

describe('how a failed model call is read', () => {
  const now = Date.UTC(2026, 0, 1);
  it('reads Retry-After in seconds, as an HTTP date, and retry-after-ms', () => {
    expect(retryAfterMs({ 'Retry-After': '2' }, now)).toBe(2000);
    expect(retryAfterMs({ 'retry-after': new Date(now + 5000).toUTCString() }, now)).toBe(5000);
    expect(retryAfterMs({ 'retry-after-ms': '150', 'retry-after': '9' }, now)).toBe(150);
    expect(retryAfterMs({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });

  it.each([
    [apiError(429, { 'retry-after': '1' }), { kind: 'rate_limited', retryable: true, status: 429, retryAfterMs: 1000 }],
    [apiError(500), { kind: 'server_error', retryable: true, status: 500 }],
    [apiError(503), { kind: 'server_error', retryable: true, status: 503 }],
    [apiError(400), { kind: 'client_error', retryable: false, status: 400 }],
    [apiError(401), { kind: 'client_error', retryable: false, status: 401 }],
    [
      apiError(undefined, undefined, Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })),
      { kind: 'connection', retryable: true },
    ],
    [new TypeError('fetch failed'), { kind: 'connection', retryable: true }],
    [new Error('something odd'), { kind: 'bad_response', retryable: false }],
  ])('classifies %s', (error, expected) => {
    expect(classifyModelError(error, false, now)).toMatchObject(expected);
  });

  it('a call our own step timeout cut is a timeout, whatever the error says', () => {
    expect(classifyModelError(new DOMException('aborted', 'AbortError'), true, now)).toMatchObject({
      kind: 'timeout',
      retryable: true,
    });
  });

  it('backs off exponentially with jitter, never under what the provider asked, capped', () => {
    expect(backoffMs(1, 0, undefined)).toBe(250);
    expect(backoffMs(1, 0.999, undefined)).toBeLessThanOrEqual(500);
    expect(backoffMs(3, 0, undefined)).toBe(1000);
    expect(backoffMs(20, 0.5, undefined)).toBeLessThanOrEqual(30_000);
    expect(backoffMs(1, 0, 4000)).toBe(4000);
  });
});

describe('collecting a provider stream', () => {
  const stream = (parts: LanguageModelV4StreamPart[]) =>
    new ReadableStream<LanguageModelV4StreamPart>({
      start(c) {
        for (const p of parts) c.enqueue(p);
        c.close();
      },
    });
  const usage = {
    inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: 5, text: 5, reasoning: 0 },
  };

  it('assembles text, reasoning and tool calls in order, and hands deltas on as they come', async () => {
    const deltas: string[] = [];
    const result = await collectStream(
      stream([
        { type: 'stream-start', warnings: [] },
        { type: 'reasoning-start', id: 'r' },
        { type: 'reasoning-delta', id: 'r', delta: 'Think' },
        { type: 'reasoning-delta', id: 'r', delta: 'ing' },
        { type: 'reasoning-end', id: 'r' },
        { type: 'text-start', id: 't' },
        { type: 'text-delta', id: 't', delta: 'déj' },
        { type: 'text-delta', id: 't', delta: 'à ✓' },
        { type: 'text-end', id: 't' },
        { type: 'tool-call', toolCallId: 'c1', toolName: 'answer', input: '{"a":1}' },
        { type: 'finish', finishReason: { unified: 'tool-calls', raw: 'tool_calls' }, usage },
      ]),
      (d) => deltas.push(`${d.kind}:${d.delta}`),
    );
    expect(result.content).toEqual([
      { type: 'reasoning', text: 'Thinking' },
      { type: 'text', text: 'déjà ✓' },
      { type: 'tool-call', toolCallId: 'c1', toolName: 'answer', input: '{"a":1}' },
    ]);
    expect(result.finishReason.unified).toBe('tool-calls');
    expect(deltas).toEqual(['reasoning:Think', 'reasoning:ing', 'text:déj', 'text:à ✓']);
  });

  it("keeps the provider's metadata of a block, given on any of its parts, and a block that is only metadata", async () => {
    const signed = { anthropic: { signature: 'c2lnbmVk' } };
    const redacted = { anthropic: { redactedData: 'b3BhcXVl' } };
    const result = await collectStream(
      stream([
        { type: 'stream-start', warnings: [] },
        { type: 'reasoning-start', id: 'r' },
        { type: 'reasoning-delta', id: 'r', delta: 'Check the card.' },
        // Anthropic's signature_delta: a delta with no text, carrying the signature.
        { type: 'reasoning-delta', id: 'r', delta: '', providerMetadata: signed },
        { type: 'reasoning-end', id: 'r' },
        { type: 'reasoning-start', id: 'x', providerMetadata: redacted },
        { type: 'reasoning-end', id: 'x' },
        { type: 'text-start', id: 'e' },
        { type: 'text-end', id: 'e' },
        { type: 'tool-call', toolCallId: 'c1', toolName: 'answer', input: '{}' },
        { type: 'finish', finishReason: { unified: 'tool-calls', raw: 'tool_use' }, usage },
      ]),
      () => undefined,
    );
    expect(result.content).toEqual([
      { type: 'reasoning', text: 'Check the card.', providerMetadata: signed },
      { type: 'reasoning', text: '', providerMetadata: redacted },
      { type: 'tool-call', toolCallId: 'c1', toolName: 'answer', input: '{}' },
    ]);
  });

  it('an error part or a stream with no finish is a failed call', async () => {
    await expect(
      collectStream(stream([{ type: 'error', error: new Error('overloaded') }]), () => undefined),
    ).rejects.toThrow('overloaded');
    await expect(collectStream(stream([{ type: 'text-start', id: 't' }]), () => undefined)).rejects.toThrow(
      'without a finish',
    );
  });
});
