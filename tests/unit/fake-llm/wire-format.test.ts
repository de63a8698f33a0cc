import { afterEach, describe, expect, it } from 'vitest';
import { splitDelta, wireSegments } from '../../support/fake-llm/chunking';
import { startFakeModelServer, type FakeModelServer, type FakeReply } from '../../support/fake-llm';

let server: FakeModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Posts and reads the raw SSE: each event's name (if any) and data. */
async function sse(path: string, body: unknown, reply: FakeReply) {
  server = await startFakeModelServer({ brain: () => reply });
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const text = await res.text();
  return text
    .split('\n\n')
    .filter(Boolean)
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)![1];
      return { event, data: data === '[DONE]' ? data : (JSON.parse(data) as Record<string, unknown>) };
    });
}

describe('the streamed wire, as the providers send it', () => {
  it('OpenAI: a role chunk, deltas, tool-call pieces with their index, the finish chunk, the usage chunk, [DONE]', async () => {
    const events = await sse(
      '/chat/completions',
      {
        model: 'm',
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: 'hi' }],
      },
      {
        kind: 'message',
        text: 'Hi there',
        toolCalls: [{ id: 'call_1', name: 'f', arguments: '{"a":1}' }],
      },
    );
    const chunks = events.map((e) => e.data);
    expect(chunks.at(-1)).toBe('[DONE]');
    const objects = chunks.slice(0, -1) as {
      object: string;
      choices: { delta: Record<string, unknown>; finish_reason: string | null }[];
      usage: unknown;
    }[];
    expect(objects.every((c) => c.object === 'chat.completion.chunk')).toBe(true);
    expect(objects[0].choices[0].delta).toEqual({ role: 'assistant', content: '', refusal: null });
    const toolDeltas = objects.flatMap(
      (c) =>
        (c.choices[0]?.delta.tool_calls as
          | { index: number; id?: string; function: { name?: string; arguments: string } }[]
          | undefined) ?? [],
    );
    expect(toolDeltas[0]).toEqual({ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '' } });
    expect(toolDeltas.every((d) => d.index === 0)).toBe(true);
    expect(toolDeltas.map((d) => d.function.arguments).join('')).toBe('{"a":1}');
    expect(objects.at(-2)!.choices[0]).toMatchObject({ delta: {}, finish_reason: 'tool_calls' });
    expect(objects.at(-1)).toMatchObject({
      choices: [],
      usage: { prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number) },
    });
    expect(objects.slice(0, -1).every((c) => c.usage === null)).toBe(true);
  });

  it('Anthropic: message_start, ping, blocks with their deltas and stops, message_delta with stop_reason and usage, message_stop', async () => {
    const events = await sse(
      '/messages',
      { model: 'm', max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'hi' }] },
      {
        kind: 'message',
        reasoning: 'hmm',
        text: 'Hi',
        toolCalls: [{ id: 'toolu_1', name: 'f', arguments: '{"a":1}' }],
      },
    );
    expect(events.every((e) => (e.data as { type: string }).type === e.event)).toBe(true);
    expect(events.map((e) => e.event)).toEqual([
      'message_start',
      'ping',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    const data = events.map((e) => e.data as Record<string, unknown>);
    expect(data[2]).toEqual({
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'thinking', thinking: '' },
    });
    expect(data[4]).toMatchObject({ index: 0, delta: { type: 'signature_delta' } });
    expect(data[9]).toEqual({
      type: 'content_block_start',
      index: 2,
      content_block: { type: 'tool_use', id: 'toolu_1', name: 'f', input: {} },
    });
    expect(data[10]).toEqual({
      type: 'content_block_delta',
      index: 2,
      delta: { type: 'input_json_delta', partial_json: '' },
    });
    expect(data[13]).toMatchObject({
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: { output_tokens: expect.any(Number) },
    });
  });
});

describe('mid-token chunking', () => {
  it('cuts tool arguments inside JSON strings and between a backslash and what it escapes', () => {
    const args = '{"note":"say \\"hi\\" \\u00e9"}';
    const pieces = splitDelta(args, 'mid-token');
    expect(pieces.join('')).toBe(args);
    expect(pieces.some((p) => p.endsWith('\\'))).toBe(true);
    expect(pieces.some((p) => p.includes('"') && !p.startsWith('{'))).toBe(true);
  });

  it('never cuts a delta inside a surrogate pair (the SDK gets whole characters), while the bytes are cut inside them', () => {
    const text = 'déjà vu — ✓ 日本 🎌';
    const pieces = splitDelta(text, 'mid-token');
    expect(pieces.join('')).toBe(text);
    const loneSurrogate = (c: string) => c.length === 1 && c.charCodeAt(0) >= 0xd800 && c.charCodeAt(0) <= 0xdfff;
    expect(pieces.flatMap((p) => Array.from(p)).some(loneSurrogate)).toBe(false);

    const segments = wireSegments(
      [{ data: JSON.stringify({ text, escaped: 'a"b\\c' }) }, { event: 'x', data: '{}' }],
      'mid-token',
    );
    expect(Buffer.concat(segments).toString('utf8')).toBe(
      `data: ${JSON.stringify({ text, escaped: 'a"b\\c' })}\n\nevent: x\ndata: {}\n\n`,
    );
    // A segment that ends inside a multi-byte character does not decode on its own.
    const cutInsideCharacter = segments.filter((s) => s.toString('utf8').includes('\ufffd'));
    expect(cutInsideCharacter.length).toBeGreaterThanOrEqual(
      Array.from(text).filter((c) => c.length > 1 || c.charCodeAt(0) > 0x7f).length,
    );
    expect(segments.some((s) => s.at(-1) === 0x5c)).toBe(true); // ends on a backslash
    expect(segments.some((s, i) => s.at(-1) === 0x0a && segments[i + 1]?.[0] === 0x0a)).toBe(true); // between an event's two newlines
  });

  it('words chunking writes one event a write, in word-sized pieces', () => {
    expect(splitDelta('déjà vu — a-very-long-word', 'words')).toEqual(['déjà', ' vu', ' —', ' a-very-l', 'ong-word']);
    expect(wireSegments([{ data: '1' }, { data: '2' }], 'words').map(String)).toEqual(['data: 1\n\n', 'data: 2\n\n']);
  });
});
