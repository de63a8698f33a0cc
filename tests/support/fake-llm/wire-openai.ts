import type {
  JSONSchema7,
  LanguageModelV4FunctionTool,
  LanguageModelV4Message,
  LanguageModelV4Prompt,
} from '@ai-sdk/provider';
import { z } from 'zod';
import type { ResolvedReply } from './reply';
import { badRequestFrom, toolCallInput, toolResultOutput } from './request-parts';
import type { FakeCall, SseEvent } from './types';
import type { ParsedRequest, Wire } from './wire';

// Lenient on purpose: only what the fake reads is checked, anything else a client sends passes through.
const contentSchema = z
  .union([z.string(), z.null(), z.array(z.looseObject({ type: z.string(), text: z.string().optional() }))])
  .optional();

const messageSchema = z
  .looseObject({
    role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']),
    content: contentSchema,
    tool_calls: z
      .array(
        z.looseObject({
          id: z.string(),
          type: z.literal('function').optional(),
          function: z.looseObject({ name: z.string().min(1), arguments: z.string() }),
        }),
      )
      .nullish(),
    tool_call_id: z.string().optional(),
    // DeepSeek/vLLM-style reasoning, as openai-compatible clients may send it back.
    reasoning_content: z.string().nullish(),
  })
  .refine((m) => m.role !== 'tool' || m.tool_call_id !== undefined, {
    message: 'a tool message needs tool_call_id',
    path: ['tool_call_id'],
  });

const requestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(messageSchema).min(1),
  tools: z
    .array(
      z.looseObject({
        type: z.literal('function'),
        function: z.looseObject({
          name: z.string().min(1),
          description: z.string().optional(),
          parameters: z.record(z.string(), z.unknown()).optional(),
        }),
      }),
    )
    .nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  max_tokens: z.number().int().positive().nullish(),
  max_completion_tokens: z.number().int().positive().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
});

type ChatMessage = z.infer<typeof messageSchema>;

const textOf = (content: ChatMessage['content']): string =>
  typeof content === 'string'
    ? content
    : (content ?? []).map((p) => (p.type === 'text' ? (p.text ?? '') : '')).join('');

/** Chat messages → the SDK's prompt; consecutive tool messages become one tool message, as the SDK would have them. */
function toPrompt(messages: ChatMessage[]): LanguageModelV4Prompt {
  const toolNames = new Map<string, string>();
  const prompt: LanguageModelV4Prompt = [];
  for (const m of messages) {
    if (m.role === 'system' || m.role === 'developer') {
      prompt.push({ role: 'system', content: textOf(m.content) });
    } else if (m.role === 'user') {
      prompt.push({ role: 'user', content: [{ type: 'text', text: textOf(m.content) }] });
    } else if (m.role === 'assistant') {
      const content: Extract<LanguageModelV4Message, { role: 'assistant' }>['content'] = [];
      if (m.reasoning_content) content.push({ type: 'reasoning', text: m.reasoning_content });
      const text = textOf(m.content);
      if (text) content.push({ type: 'text', text });
      for (const c of m.tool_calls ?? []) {
        toolNames.set(c.id, c.function.name);
        content.push({
          type: 'tool-call',
          toolCallId: c.id,
          toolName: c.function.name,
          input: toolCallInput(c.function.arguments),
        });
      }
      prompt.push({ role: 'assistant', content });
    } else {
      const toolCallId = m.tool_call_id ?? '';
      const part = {
        type: 'tool-result' as const,
        toolCallId,
        toolName: toolNames.get(toolCallId) ?? '',
        output: toolResultOutput(textOf(m.content), false),
      };
      const last = prompt.at(-1);
      if (last?.role === 'tool') last.content.push(part);
      else prompt.push({ role: 'tool', content: [part] });
    }
  }
  return prompt;
}

function parse(
  body: unknown,
): { ok: true; request: ParsedRequest } | { ok: false; error: ReturnType<typeof badRequestFrom> } {
  const parsed = requestSchema.safeParse(body);
  if (!parsed.success) return { ok: false, error: badRequestFrom(parsed.error, 'invalid chat completions request') };
  const r = parsed.data;
  // Reasoning models take max_completion_tokens, the others max_tokens.
  const maxOutputTokens = r.max_completion_tokens ?? r.max_tokens;
  const tools: LanguageModelV4FunctionTool[] = (r.tools ?? []).map((t) => ({
    type: 'function',
    name: t.function.name,
    ...(t.function.description !== undefined ? { description: t.function.description } : {}),
    inputSchema: (t.function.parameters ?? { type: 'object', properties: {} }) as JSONSchema7,
  }));
  return {
    ok: true,
    request: {
      model: r.model,
      prompt: toPrompt(r.messages),
      tools,
      stream: r.stream ?? false,
      includeUsage: r.stream_options?.include_usage ?? false,
      ...(maxOutputTokens != null ? { maxOutputTokens } : {}),
      ...(r.temperature != null ? { temperature: r.temperature } : {}),
    },
  };
}

const completionId = (call: FakeCall) => `chatcmpl-fake${call.index}`;
const created = () => Math.floor(Date.now() / 1000);

/** A refusal ends with "stop" on OpenAI's wire: the SDK turns it into content-filter because refusal is set. */
const finishReason = (reply: ResolvedReply) => (reply.kind === 'refusal' ? 'stop' : reply.finish);

function usageJson(reply: ResolvedReply) {
  const { inputTokens, outputTokens, reasoningTokens } = reply.usage;
  return {
    prompt_tokens: inputTokens,
    completion_tokens: outputTokens,
    total_tokens: inputTokens + outputTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: reasoningTokens,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function renderJson(call: FakeCall, reply: ResolvedReply) {
  const toolCalls = reply.toolCalls.map((c) => ({
    id: c.id,
    type: 'function',
    function: { name: c.name, arguments: c.arguments },
  }));
  const content = reply.kind === 'refusal' ? null : reply.text !== '' ? reply.text : toolCalls.length > 0 ? null : '';
  return {
    id: completionId(call),
    object: 'chat.completion',
    created: created(),
    model: call.model,
    system_fingerprint: 'fp_fake',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content,
          refusal: reply.kind === 'refusal' ? reply.refusal : null,
          ...(reply.reasoning ? { reasoning_content: reply.reasoning } : {}),
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
          annotations: [],
        },
        logprobs: null,
        finish_reason: finishReason(reply),
      },
    ],
    usage: usageJson(reply),
    service_tier: 'default',
  };
}

function renderEvents(
  call: FakeCall,
  reply: ResolvedReply,
  split: (text: string) => string[],
  includeUsage: boolean,
): SseEvent[] {
  const head = {
    id: completionId(call),
    object: 'chat.completion.chunk',
    created: created(),
    model: call.model,
    system_fingerprint: 'fp_fake',
  };
  // With include_usage, every chunk carries "usage": null until the last one, as OpenAI sends them.
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
    data: JSON.stringify({
      ...head,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      ...(includeUsage ? { usage: null } : {}),
    }),
  });
  const opening =
    reply.kind === 'refusal'
      ? { content: null, refusal: '' }
      : reply.text !== '' || reply.toolCalls.length === 0
        ? { content: '', refusal: null }
        : { content: null };
  const events: SseEvent[] = [chunk({ role: 'assistant', ...opening })];
  for (const piece of split(reply.reasoning)) events.push(chunk({ reasoning_content: piece }));
  for (const piece of split(reply.text)) events.push(chunk({ content: piece }));
  for (const piece of split(reply.refusal)) events.push(chunk({ refusal: piece }));
  reply.toolCalls.forEach((c, index) => {
    events.push(
      chunk({ tool_calls: [{ index, id: c.id, type: 'function', function: { name: c.name, arguments: '' } }] }),
    );
    for (const piece of split(c.arguments))
      events.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
  });
  events.push(chunk({}, finishReason(reply)));
  if (includeUsage) events.push({ data: JSON.stringify({ ...head, choices: [], usage: usageJson(reply) }) });
  events.push({ data: '[DONE]' });
  return events;
}

const STATUS_ERRORS: Record<number, { type: string; code: string | null; message: string }> = {
  400: { type: 'invalid_request_error', code: null, message: 'Invalid request.' },
  401: { type: 'invalid_request_error', code: 'invalid_api_key', message: 'Incorrect API key provided.' },
  403: {
    type: 'invalid_request_error',
    code: 'unsupported_country_region_territory',
    message: 'Country, region, or territory not supported.',
  },
  404: {
    type: 'invalid_request_error',
    code: 'model_not_found',
    message: 'The model does not exist or you do not have access to it.',
  },
  429: {
    type: 'requests',
    code: 'rate_limit_exceeded',
    message: 'Rate limit reached for requests. Please try again in 1s.',
  },
  500: {
    type: 'server_error',
    code: null,
    message: 'The server had an error while processing your request. Sorry about that!',
  },
  503: { type: 'server_error', code: null, message: 'The engine is currently overloaded, please try again later.' },
};

function errorBody(status: number, message?: string, fields?: { path: string; message: string }[]) {
  const known = STATUS_ERRORS[status] ?? {
    type: status >= 500 ? 'server_error' : 'invalid_request_error',
    code: null,
    message: `HTTP ${status}`,
  };
  return {
    error: {
      message: message ?? known.message,
      type: known.type,
      param: fields?.[0]?.path ?? null,
      code: fields ? 'invalid_request' : known.code,
      ...(fields ? { fields } : {}),
    },
  };
}

/** OpenAI's chat completions API (also what @ai-sdk/openai-compatible speaks). */
export const openaiWire: Wire = {
  dialect: 'openai',
  pathSuffix: '/chat/completions',
  toolCallIdPrefix: 'call',
  parse,
  renderJson,
  renderEvents,
  errorBody,
  replyHeaders: (call) => ({ 'x-request-id': `req_fake${call.index}`, 'openai-processing-ms': '1' }),
};
