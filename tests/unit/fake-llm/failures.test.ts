import { APICallError } from 'ai';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startFakeModelServer, type FakeBrain, type FakeModelServer } from '../../support/fake-llm';
import { ask, type Mode } from '../../support/fake-llm/ask';
import { PROVIDERS } from '../../support/fake-llm/providers';

let server: FakeModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(brain: FakeBrain) {
  server = await startFakeModelServer({ brain });
  return server;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

const MATRIX = PROVIDERS.flatMap((provider) =>
  (['generate', 'stream'] as Mode[]).map((mode) => ({ provider, mode, label: `${provider.name}, ${mode}` })),
);

describe.each(MATRIX)('failures through $label', ({ provider, mode }) => {
  it('a 429 with retry-after surfaces as an APICallError 429, retryable, with the header and the provider message', async () => {
    const s = await serve(() => ({ kind: 'http-error', status: 429, headers: { 'retry-after': '1' } }));
    const error = await failure(ask(provider.model(s.url), mode, { prompt: 'hi' }));
    expect(APICallError.isInstance(error)).toBe(true);
    const e = error as APICallError;
    expect(e.statusCode).toBe(429);
    expect(e.isRetryable).toBe(true);
    expect(e.responseHeaders?.['retry-after']).toBe('1');
    expect(e.message).toMatch(provider.dialect === 'openai' ? /^Rate limit reached/ : /rate limit/);
    expect(s.requests).toHaveLength(1);
  });

  it('a 500 surfaces as an APICallError 500', async () => {
    const s = await serve(() => ({ kind: 'http-error', status: 500 }));
    const error = await failure(ask(provider.model(s.url), mode, { prompt: 'hi' }));
    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as APICallError).statusCode).toBe(500);
  });

  it('a hang is cut by the caller’s abort signal, and the server still closes', async () => {
    const s = await serve(() => ({ kind: 'hang' }));
    const controller = new AbortController();
    const call = failure(ask(provider.model(s.url), mode, { prompt: 'hi', abortSignal: controller.signal }));
    await vi.waitFor(() => expect(s.requests).toHaveLength(1));
    controller.abort(new Error('the caller gave up'));
    const error = await call;
    expect(String(error)).toMatch(/abort|gave up/i);
  });
});

describe.each(PROVIDERS)('the server itself ($name)', (provider) => {
  it('close() ends a request that is still hanging', async () => {
    const s = await serve(() => ({ kind: 'hang' }));
    const call = failure(ask(provider.model(s.url), 'generate', { prompt: 'hi' }));
    await vi.waitFor(() => expect(s.requests).toHaveLength(1));
    await s.close();
    expect(APICallError.isInstance(await call)).toBe(true);
  });

  it('a hang with ms and then answers late (a slow model)', async () => {
    const s = await serve(() => ({ kind: 'hang', ms: 20, then: { kind: 'message', text: 'finally' } }));
    const out = await ask(provider.model(s.url), 'stream', { prompt: 'hi' });
    expect(out.text).toBe('finally');
  });

  it('a hang with ms and nothing after drops the connection', async () => {
    const s = await serve(() => ({ kind: 'hang', ms: 1 }));
    const error = await failure(ask(provider.model(s.url), 'generate', { prompt: 'hi' }));
    expect(APICallError.isInstance(error)).toBe(true);
  });

  it('a brain that throws is a 500 in the provider’s shape, and the server keeps serving', async () => {
    let n = 0;
    const s = await serve(() => {
      if (n++ === 0) throw new Error('the test’s brain broke');
      return { kind: 'message', text: 'fine again' };
    });
    const error = await failure(ask(provider.model(s.url), 'generate', { prompt: 'hi' }));
    expect((error as APICallError).statusCode).toBe(500);
    expect((error as APICallError).message).toContain('the test’s brain broke');
    expect((await ask(provider.model(s.url), 'generate', { prompt: 'hi' })).text).toBe('fine again');
  });

  it('an http-error with a body of its own sends that body', async () => {
    const s = await serve(() => ({
      kind: 'http-error',
      status: 503,
      body: { error: { message: 'custom outage' }, type: 'error' },
    }));
    const error = (await failure(ask(provider.model(s.url), 'generate', { prompt: 'hi' }))) as APICallError;
    expect(error.statusCode).toBe(503);
    expect(JSON.parse(error.responseBody!)).toEqual({ error: { message: 'custom outage' }, type: 'error' });
  });
});

describe('bad input gets a 4xx in the provider’s error shape, never a crash', () => {
  const post = (s: FakeModelServer, path: string, body: string, method = 'POST') =>
    fetch(`http://127.0.0.1:${s.port}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(method === 'GET' ? {} : { body }),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));

  it('answers 400 naming the field, 404 for an unknown path, 405 for GET, and still serves good requests', async () => {
    const s = await serve(() => ({ kind: 'message', text: 'ok' }));
    const notJson = await post(s, '/v1/chat/completions', '{"model":');
    expect(notJson.status).toBe(400);
    expect(notJson.body).toMatchObject({
      error: { type: 'invalid_request_error', code: 'invalid_request', message: expect.any(String) },
    });

    const badRole = await post(
      s,
      '/api/v1/chat/completions',
      JSON.stringify({ model: 'm', messages: [{ role: 'wizard', content: 'hi' }] }),
    );
    expect(badRole.status).toBe(400);
    expect(badRole.body).toMatchObject({
      error: { param: 'messages.0.role', fields: [{ path: 'messages.0.role', message: expect.any(String) }] },
    });

    const noToolCallId = await post(
      s,
      '/v1/chat/completions',
      JSON.stringify({ model: 'm', messages: [{ role: 'tool', content: '{}' }] }),
    );
    expect(noToolCallId.body).toMatchObject({ error: { fields: [{ path: 'messages.0.tool_call_id' }] } });

    const anthropic = await post(
      s,
      '/v1/messages',
      JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
    );
    expect(anthropic.status).toBe(400);
    expect(anthropic.body).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', fields: [{ path: 'max_tokens' }] },
    });

    const badBlock = await post(
      s,
      '/v1/messages',
      JSON.stringify({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'tool_result' }] }] }),
    );
    expect(badBlock.body).toMatchObject({ error: { fields: [{ path: 'messages.0.content.0.tool_use_id' }] } });

    expect((await post(s, '/v1/embeddings', '{}')).status).toBe(404);
    expect((await post(s, '/v1/chat/completions', '', 'GET')).status).toBe(405);
    expect(s.rejected.map((r) => r.status)).toEqual([400, 400, 400, 400, 400, 404, 405]);
    expect(s.requests).toHaveLength(0);

    const good = await post(
      s,
      '/v1/chat/completions',
      JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
    );
    expect(good.status).toBe(200);
    expect(good.body).toMatchObject({
      object: 'chat.completion',
      choices: [{ message: { content: 'ok' }, finish_reason: 'stop' }],
    });
    expect(s.requests[0].index).toBe(0);
  });
});
