import { tool } from 'ai';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  startFakeModelServer,
  type Chunking,
  type FakeBrain,
  type FakeModelServer,
  type FakeReply,
} from '../../support/fake-llm';
import { ask, type Mode } from '../../support/fake-llm/ask';
import { PROVIDERS } from '../../support/fake-llm/providers';

const TEXT = 'déjà vu — ✓ 日本 🎌 "quoted" \\ back\nslash';
const REASONING = 'Thinking… the cart holds 2 × “KB-001” ✓';
// Escapes, multi-byte characters and nesting, so a cut inside any of them shows.
const ARGS_A = JSON.stringify({ note: 'say "hi"\n\t— ✓ 日本 🎌 \\ \u00e9', quantity: 2, nested: { list: [1, 'ü'] } });
const ARGS_B = '{"sku":"KB-001"}';

const TOOLS = {
  write_note: tool({
    description: 'Writes a note',
    inputSchema: z.object({
      note: z.string(),
      quantity: z.number(),
      nested: z.object({ list: z.array(z.union([z.number(), z.string()])) }),
    }),
  }),
  check_stock: tool({ description: 'Checks stock', inputSchema: z.object({ sku: z.string() }) }),
};

let server: FakeModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(reply: FakeReply | FakeBrain, chunking?: Chunking) {
  server = await startFakeModelServer({ brain: typeof reply === 'function' ? reply : () => reply, chunking });
  return server;
}

const MATRIX = PROVIDERS.flatMap((provider) =>
  (['generate', 'stream'] as Mode[]).flatMap((mode) =>
    (mode === 'generate' ? [undefined] : (['words', 'mid-token'] as Chunking[])).map((chunking) => ({
      provider,
      mode,
      chunking,
      label: `${provider.name}, ${mode}${chunking ? ` (${chunking})` : ''}`,
    })),
  ),
);

describe.each(MATRIX)('the fake model server through $label', ({ provider, mode, chunking }) => {
  it('delivers text and reasoning exactly, multi-byte characters and all, with finish "stop" and the usage it sent', async () => {
    const s = await serve({ kind: 'message', reasoning: REASONING, text: TEXT }, chunking);
    const out = await ask(provider.model(s.url), mode, { system: 'You are terse.', prompt: 'Say it.' });
    expect(out.streamErrors).toEqual([]);
    expect(out.text).toBe(TEXT);
    expect(out.reasoningText).toBe(provider.keepsReasoning ? REASONING : undefined);
    expect(out.finishReason).toBe('stop');
    const sent = s.requests[0].usage!;
    expect(sent.outputTokens).toBeGreaterThan(0);
    if (mode === 'stream' && !provider.streamsUsage) expect(out.usage.inputTokens).toBeUndefined();
    else expect(out.usage).toMatchObject({ inputTokens: sent.inputTokens, outputTokens: sent.outputTokens });
  });

  it('delivers tool calls with their JSON arguments as sent, in order, with finish "tool-calls"', async () => {
    const s = await serve(
      {
        kind: 'message',
        text: 'Let me check.',
        toolCalls: [
          { id: 'call_a', name: 'write_note', arguments: ARGS_A },
          { name: 'check_stock', arguments: ARGS_B },
        ],
      },
      chunking,
    );
    const out = await ask(provider.model(s.url), mode, { prompt: 'Do it.', tools: TOOLS });
    expect(out.streamErrors).toEqual([]);
    expect(out.toolCalls).toEqual([
      { toolCallId: 'call_a', toolName: 'write_note', input: JSON.parse(ARGS_A) },
      {
        toolCallId: provider.dialect === 'openai' ? 'call_fake_0_1' : 'toolu_fake_0_1',
        toolName: 'check_stock',
        input: { sku: 'KB-001' },
      },
    ]);
    expect(out.text).toBe('Let me check.');
    expect(out.finishReason).toBe('tool-calls');
    // The server read the tools as the SDK's function tools, schema included.
    expect(s.requests[0].tools.map((t) => t.name)).toEqual(['write_note', 'check_stock']);
    expect(s.requests[0].tools[1]).toMatchObject({
      type: 'function',
      name: 'check_stock',
      description: 'Checks stock',
      inputSchema: { type: 'object', properties: { sku: { type: 'string' } } },
    });
  });

  it('reports a cut-off answer as finish "length" and passes maxOutputTokens and temperature through', async () => {
    const s = await serve({ kind: 'message', text: 'The answer is', finish: 'length' }, chunking);
    const out = await ask(provider.model(s.url), mode, { prompt: 'Go on.', maxOutputTokens: 5, temperature: 0.5 });
    expect(out.text).toBe('The answer is');
    expect(out.finishReason).toBe('length');
    expect(s.requests[0]).toMatchObject({
      dialect: provider.dialect,
      stream: mode === 'stream',
      maxOutputTokens: 5,
      temperature: 0.5,
      index: 0,
    });
  });

  it('surfaces a refusal as its text with finish "content-filter"', async () => {
    const s = await serve({ kind: 'refusal', text: 'I can’t help with that — ✓' }, chunking);
    const out = await ask(provider.model(s.url), mode, { prompt: 'Do something bad.' });
    expect(out.streamErrors).toEqual([]);
    expect(out.text).toBe('I can’t help with that — ✓');
    expect(out.finishReason).toBe('content-filter');
  });

  it('answers an empty reply with no text, no tool calls and finish "stop"', async () => {
    const s = await serve({ kind: 'empty' }, chunking);
    const out = await ask(provider.model(s.url), mode, { prompt: 'Anything?', tools: TOOLS });
    expect(out.streamErrors).toEqual([]);
    expect(out.text).toBe('');
    expect(out.toolCalls).toEqual([]);
    expect(out.finishReason).toBe('stop');
  });

  it('passes malformed tool-call arguments to the SDK as they are, which reports an InvalidToolInputError tool-error', async () => {
    const bad = '{"sku": "KB-001", oops';
    const s = await serve({ kind: 'message', toolCalls: [{ name: 'check_stock', arguments: bad }] }, chunking);
    const out = await ask(provider.model(s.url), mode, { prompt: 'Check.', tools: TOOLS });
    // The raw text reaches the SDK on every path (a non-streamed Anthropic tool_use.input must be JSON, so the fake
    // sends it as a JSON string there, which the SDK unwraps to the same text). The SDK keeps the call, marked invalid,
    // and answers it with a tool-error part instead of running the tool.
    expect(out.invalidToolCalls).toEqual([{ toolName: 'check_stock', input: bad, error: 'AI_InvalidToolInputError' }]);
    expect(out.toolErrors).toEqual([
      {
        toolName: 'check_stock',
        input: bad,
        error: expect.stringMatching(/^AI_InvalidToolInputError: Invalid input for tool check_stock/),
      },
    ]);
    expect(out.finishReason).toBe('tool-calls');
  });
});

describe.each(PROVIDERS)('the request $name sends, as the fake reads it', (provider) => {
  it('becomes the SDK prompt again: system, user, assistant text and tool calls, tool results', async () => {
    const s = await serve({ kind: 'message', text: 'ok' });
    await ask(provider.model(s.url), 'generate', {
      system: 'You are the PaymentAgent: you take payments.\nBe careful.',
      tools: TOOLS,
      messages: [
        { role: 'user', content: 'Check KB-001 — ✓' },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Checking.' },
            { type: 'tool-call', toolCallId: 'c1', toolName: 'check_stock', input: { sku: 'KB-001' } },
          ],
        },
        {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: 'c1',
              toolName: 'check_stock',
              output: { type: 'json', value: { available: 3 } },
            },
          ],
        },
        { role: 'user', content: 'And now?' },
      ],
    });
    expect(s.requests[0].prompt).toEqual([
      { role: 'system', content: 'You are the PaymentAgent: you take payments.\nBe careful.' },
      { role: 'user', content: [{ type: 'text', text: 'Check KB-001 — ✓' }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking.' },
          { type: 'tool-call', toolCallId: 'c1', toolName: 'check_stock', input: { sku: 'KB-001' } },
        ],
      },
      {
        role: 'tool',
        content: [
          {
            type: 'tool-result',
            toolCallId: 'c1',
            toolName: 'check_stock',
            output: { type: 'json', value: { available: 3 } },
          },
        ],
      },
      { role: 'user', content: [{ type: 'text', text: 'And now?' }] },
    ]);
    expect(s.requests[0].headers[provider.dialect === 'anthropic' ? 'x-api-key' : 'authorization']).toMatch(/x$/);
  });
});
