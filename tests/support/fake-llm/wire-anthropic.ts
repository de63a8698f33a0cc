import type {
  JSONSchema7,
  LanguageModelV4FunctionTool,
  LanguageModelV4Message,
  LanguageModelV4Prompt,
} from '@ai-sdk/provider';
import { z } from 'zod';
import type { ResolvedReply } from './reply';
import { badRequestFrom, parseJsonText, toolResultOutput } from './request-parts';
import type { FakeCall, FakeFinish, SseEvent } from './types';
import type { ParsedRequest, Wire } from './wire';

// Lenient on purpose: only what the fake reads is checked; other block types (images, documents, server tools) pass and are skipped.
const textBlock = z.looseObject({ type: z.literal('text'), text: z.string() });
const nestedContent = z.union([z.string(), z.array(z.looseObject({ type: z.string(), text: z.string().optional() }))]);
const block = z.discriminatedUnion('type', [
  textBlock,
  z.looseObject({ type: z.literal('thinking'), thinking: z.string(), signature: z.string().optional() }),
  z.looseObject({ type: z.literal('tool_use'), id: z.string().min(1), name: z.string().min(1), input: z.unknown() }),
  z.looseObject({
    type: z.literal('tool_result'),
    tool_use_id: z.string().min(1),
    content: nestedContent.optional(),
    is_error: z.boolean().nullish(),
  }),
  z.looseObject({
    type: z.enum(['image', 'document', 'redacted_thinking', 'server_tool_use', 'container_upload', 'search_result']),
  }),
]);

const requestSchema = z.looseObject({
  model: z.string().min(1),
  max_tokens: z.number().int().positive(),
  system: z.union([z.string(), z.array(textBlock)]).optional(),
  // A string content is one text block: read as blocks, so a bad block is named down to its field.
  messages: z
    .array(
      z.looseObject({
        role: z.enum(['user', 'assistant']),
        content: z.preprocess((c) => (typeof c === 'string' ? [{ type: 'text', text: c }] : c), z.array(block)),
      }),
    )
    .min(1),
  tools: z
    .array(
      z.looseObject({
        name: z.string().min(1),
        type: z.string().optional(),
        description: z.string().optional(),
        input_schema: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .optional(),
  stream: z.boolean().optional(),
  temperature: z.number().min(0).max(1).optional(),
});

const nestedText = (content: z.infer<typeof nestedContent> | undefined): string =>
  typeof content === 'string' ? content : (content ?? []).map((p) => p.text ?? '').join('');

type UserPart = Extract<LanguageModelV4Message, { role: 'user' }>['content'][number];
type AssistantPart = Extract<LanguageModelV4Message, { role: 'assistant' }>['content'][number];
type ToolPart = Extract<LanguageModelV4Message, { role: 'tool' }>['content'][number];

/**
 * Anthropic messages → the SDK's prompt. Tool results ride in user messages on this wire; in the
 * SDK's prompt they are tool messages, so a user message splits into tool and user messages in order.
 */
function toPrompt(
  system: z.infer<typeof requestSchema>['system'],
  messages: z.infer<typeof requestSchema>['messages'],
): LanguageModelV4Prompt {
  const prompt: LanguageModelV4Prompt = [];
  for (const s of typeof system === 'string' ? [system] : (system ?? []).map((b) => b.text))
    prompt.push({ role: 'system', content: s });
  const toolNames = new Map<string, string>();
  for (const m of messages) {
    if (m.role === 'assistant') {
      const content: AssistantPart[] = [];
      for (const b of m.content) {
        if (b.type === 'text') content.push({ type: 'text', text: b.text });
        else if (b.type === 'thinking') content.push({ type: 'reasoning', text: b.thinking });
        else if (b.type === 'tool_use') {
          toolNames.set(b.id, b.name);
          content.push({ type: 'tool-call', toolCallId: b.id, toolName: b.name, input: b.input });
        }
      }
      prompt.push({ role: 'assistant', content });
      continue;
    }
    let user: UserPart[] | undefined;
    let tool: ToolPart[] | undefined;
    for (const b of m.content) {
      if (b.type === 'tool_result') {
        if (!tool) prompt.push({ role: 'tool', content: (tool = []) });
        user = undefined;
        tool.push({
          type: 'tool-result',
          toolCallId: b.tool_use_id,
          toolName: toolNames.get(b.tool_use_id) ?? '',
          output: toolResultOutput(nestedText(b.content), b.is_error === true),
        });
      } else if (b.type === 'text') {
        if (!user) prompt.push({ role: 'user', content: (user = []) });
        tool = undefined;
        user.push({ type: 'text', text: b.text });
      }
    }
  }
  return prompt;
}

function parse(
  body: unknown,
): { ok: true; request: ParsedRequest } | { ok: false; error: ReturnType<typeof badRequestFrom> } {
  const parsed = requestSchema.safeParse(body);
  if (!parsed.success) return { ok: false, error: badRequestFrom(parsed.error, 'invalid messages request') };
  const r = parsed.data;
  // Only client tools (no type, or "custom"); Anthropic's server tools (web search…) are not the fake's business.
  const tools: LanguageModelV4FunctionTool[] = (r.tools ?? [])
    .filter((t) => t.type === undefined || t.type === 'custom')
    .map((t) => ({
      type: 'function',
      name: t.name,
      ...(t.description !== undefined ? { description: t.description } : {}),
      inputSchema: (t.input_schema ?? { type: 'object', properties: {} }) as JSONSchema7,
    }));
  return {
    ok: true,
    request: {
      model: r.model,
      prompt: toPrompt(r.system, r.messages),
      tools,
      stream: r.stream ?? false,
      includeUsage: true,
      maxOutputTokens: r.max_tokens,
      ...(r.temperature !== undefined ? { temperature: r.temperature } : {}),
    },
  };
}

const STOP_REASON: Record<FakeFinish, string> = {
  stop: 'end_turn',
  length: 'max_tokens',
  tool_calls: 'tool_use',
  content_filter: 'refusal',
};
const messageId = (call: FakeCall) => `msg_fake${call.index}`;
// Thinking blocks are signed; the SDK keeps the signature to send the block back on the next turn.
const signature = (call: FakeCall) => Buffer.from(`fake-signature-${call.index}`).toString('base64');

/** tool_use.input is an object on this wire: arguments that are not JSON go as the raw string, as close to "as they are" as it allows. */
const toolInput = (argumentsText: string) =>
  argumentsText === '' ? {} : (parseJsonText(argumentsText) ?? argumentsText);

const usageCounts = (reply: ResolvedReply) => ({
  input_tokens: reply.usage.inputTokens,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
  output_tokens: reply.usage.outputTokens,
  ...(reply.usage.reasoningTokens > 0
    ? { output_tokens_details: { thinking_tokens: reply.usage.reasoningTokens } }
    : {}),
});

const usageJson = (reply: ResolvedReply) => ({
  ...usageCounts(reply),
  service_tier: 'standard',
});

function renderJson(call: FakeCall, reply: ResolvedReply) {
  const content: unknown[] = [];
  if (reply.reasoning) content.push({ type: 'thinking', thinking: reply.reasoning, signature: signature(call) });
  const text = reply.kind === 'refusal' ? reply.refusal : reply.text;
  if (text) content.push({ type: 'text', text });
  for (const c of reply.toolCalls)
    content.push({ type: 'tool_use', id: c.id, name: c.name, input: toolInput(c.arguments) });
  return {
    id: messageId(call),
    type: 'message',
    role: 'assistant',
    model: call.model,
    content,
    stop_reason: STOP_REASON[reply.finish],
    stop_sequence: null,
    usage: usageJson(reply),
  };
}

function renderEvents(call: FakeCall, reply: ResolvedReply, split: (text: string) => string[]): SseEvent[] {
  const events: SseEvent[] = [];
  const send = (type: string, body: Record<string, unknown> = {}) =>
    events.push({ event: type, data: JSON.stringify({ type, ...body }) });
  send('message_start', {
    message: {
      id: messageId(call),
      type: 'message',
      role: 'assistant',
      model: call.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: {
        input_tokens: reply.usage.inputTokens,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        output_tokens: 1,
        service_tier: 'standard',
      },
    },
  });
  send('ping');
  let index = 0;
  const blockOf = (start: Record<string, unknown>, deltas: Record<string, unknown>[]) => {
    send('content_block_start', { index, content_block: start });
    for (const delta of deltas) send('content_block_delta', { index, delta });
    send('content_block_stop', { index });
    index++;
  };
  if (reply.reasoning) {
    blockOf({ type: 'thinking', thinking: '' }, [
      ...split(reply.reasoning).map((thinking) => ({ type: 'thinking_delta', thinking })),
      { type: 'signature_delta', signature: signature(call) },
    ]);
  }
  const text = reply.kind === 'refusal' ? reply.refusal : reply.text;
  if (text)
    blockOf(
      { type: 'text', text: '' },
      split(text).map((t) => ({ type: 'text_delta', text: t })),
    );
  for (const c of reply.toolCalls) {
    // Anthropic opens every tool_use block with an empty partial_json.
    blockOf(
      { type: 'tool_use', id: c.id, name: c.name, input: {} },
      ['', ...split(c.arguments)].map((partial_json) => ({ type: 'input_json_delta', partial_json })),
    );
  }
  send('message_delta', {
    delta: { stop_reason: STOP_REASON[reply.finish], stop_sequence: null },
    usage: usageCounts(reply),
  });
  send('message_stop');
  return events;
}

const STATUS_ERRORS: Record<number, { type: string; message: string }> = {
  400: { type: 'invalid_request_error', message: 'Invalid request.' },
  401: { type: 'authentication_error', message: 'invalid x-api-key' },
  403: { type: 'permission_error', message: 'Your API key does not have permission to use the specified resource.' },
  404: { type: 'not_found_error', message: 'The requested resource could not be found.' },
  413: { type: 'request_too_large', message: 'Request exceeds the maximum allowed number of bytes.' },
  429: { type: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit.' },
  500: { type: 'api_error', message: 'Internal server error' },
  503: { type: 'api_error', message: 'Service unavailable' },
  529: { type: 'overloaded_error', message: 'Overloaded' },
};

function errorBody(status: number, message?: string, fields?: { path: string; message: string }[]) {
  const known = STATUS_ERRORS[status] ?? {
    type: status >= 500 ? 'api_error' : 'invalid_request_error',
    message: `HTTP ${status}`,
  };
  return {
    type: 'error',
    error: {
      type: known.type,
      message: message ?? known.message,
      ...(fields ? { code: 'invalid_request', fields } : {}),
    },
    request_id: 'req_fake',
  };
}

/** Anthropic's Messages API. */
export const anthropicWire: Wire = {
  dialect: 'anthropic',
  pathSuffix: '/messages',
  toolCallIdPrefix: 'toolu',
  parse,
  renderJson,
  renderEvents: (call, reply, split) => renderEvents(call, reply, split),
  errorBody,
  replyHeaders: (call) => ({ 'request-id': `req_fake${call.index}`, 'anthropic-organization-id': 'org_fake' }),
};
