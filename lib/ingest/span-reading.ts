import type { OtlpAnyValue, OtlpSpan } from '@/lib/export/otlp-json';

/**
 * What an ingested span is and says, read from the attribute vocabularies agent systems emit:
 * OpenTelemetry GenAI (gen_ai.*), OpenInference (openinference.span.kind, llm.*, tool.*, input/output.value:
 * Phoenix, the OpenAI Agents SDK and LangGraph instrumentations) and the AI SDK's experimental_telemetry
 * (ai.operationId, ai.model.*, ai.usage.*, ai.response.*, ai.toolCall.*).
 */

/** Every string attribute value is cut to this many characters (OTel's attribute value length limit, applied on ingest). */
export const ATTRIBUTE_VALUE_CAP = 16 * 1024;

export type Attrs = ReadonlyMap<string, unknown>;

function plain(value: OtlpAnyValue | undefined): unknown {
  if (!value) return undefined;
  if (value.stringValue !== undefined)
    return value.stringValue.length > ATTRIBUTE_VALUE_CAP
      ? `${value.stringValue.slice(0, ATTRIBUTE_VALUE_CAP)}…`
      : value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(plain);
  if (value.kvlistValue)
    return Object.fromEntries((value.kvlistValue.values ?? []).map((kv) => [kv.key, plain(kv.value)]));
  return undefined;
}

export function attrsOf(span: Pick<OtlpSpan, 'attributes'>): Attrs {
  return new Map((span.attributes ?? []).map((kv) => [kv.key, plain(kv.value)]));
}

export function str(attrs: Attrs, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const v = attrs.get(key);
    if (typeof v === 'string' && v !== '') return v;
    if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  }
  return undefined;
}

export function num(attrs: Attrs, ...keys: string[]): number | undefined {
  for (const key of keys) {
    const v = attrs.get(key);
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  }
  return undefined;
}

/** JSON text back to a value (arguments, results, messages); anything else stays text. */
export function parsed(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export type IngestKind = 'agent' | 'chat' | 'tool' | 'other';

const AI_SDK_AGENT_OPS = new Set(['ai.generateText', 'ai.streamText', 'ai.generateObject', 'ai.streamObject']);

export function kindOf(attrs: Attrs): IngestKind {
  const op = str(attrs, 'gen_ai.operation.name');
  const oi = str(attrs, 'openinference.span.kind')?.toUpperCase();
  const ai = str(attrs, 'ai.operationId');
  if (
    op === 'invoke_agent' ||
    op === 'create_agent' ||
    oi === 'AGENT' ||
    (ai !== undefined && AI_SDK_AGENT_OPS.has(ai))
  )
    return 'agent';
  if (
    op === 'chat' ||
    op === 'text_completion' ||
    op === 'generate_content' ||
    oi === 'LLM' ||
    (ai !== undefined && /\.do(Generate|Stream)$/.test(ai))
  )
    return 'chat';
  if (op === 'execute_tool' || oi === 'TOOL' || ai === 'ai.toolCall') return 'tool';
  return 'other';
}

export function agentName(attrs: Attrs, span: OtlpSpan): string {
  return (
    str(attrs, 'gen_ai.agent.name', 'agent.name', 'ai.telemetry.functionId', 'graph.node.id') ??
    span.name.replace(/^invoke_agent\s+/, '')
  );
}

export function toolName(attrs: Attrs, span: OtlpSpan): string {
  return str(attrs, 'gen_ai.tool.name', 'tool.name', 'ai.toolCall.name') ?? span.name.replace(/^execute_tool\s+/, '');
}

interface MessagePart {
  type?: string;
  content?: unknown;
  id?: string;
  name?: string;
  arguments?: unknown;
}
interface Message {
  role?: string;
  parts?: MessagePart[];
  content?: unknown;
}

function messages(text: string | undefined): Message[] {
  const value = parsed(text);
  return Array.isArray(value) ? (value as Message[]) : [];
}

const textOf = (m: Message): string =>
  typeof m.content === 'string'
    ? m.content
    : (m.parts ?? [])
        .filter((p) => p.type === 'text' && typeof p.content === 'string')
        .map((p) => p.content as string)
        .join('\n');

/** The prompt: the last user message of gen_ai.input.messages, the AI SDK's ai.prompt, OpenInference's input.value. */
export function inputText(attrs: Attrs): string {
  const users = messages(str(attrs, 'gen_ai.input.messages')).filter((m) => m.role === 'user');
  if (users.length) return textOf(users.at(-1)!);
  const prompt = parsed(str(attrs, 'ai.prompt'));
  if (prompt && typeof prompt === 'object') {
    const p = prompt as { prompt?: unknown; messages?: Message[] };
    if (typeof p.prompt === 'string') return p.prompt;
    const lastUser = (p.messages ?? []).filter((m) => m.role === 'user').at(-1);
    if (lastUser) return textOf(lastUser) || JSON.stringify(lastUser.content);
  }
  return str(attrs, 'llm.input_messages.0.message.content', 'input.value', 'ai.prompt') ?? '';
}

export interface ModelOutput {
  text: string;
  reasoning: string;
  toolCalls: { toolCallId: string; toolName: string; input: unknown }[];
}

export function modelOutput(attrs: Attrs): ModelOutput {
  const out = messages(str(attrs, 'gen_ai.output.messages'));
  if (out.length) {
    const parts = out.flatMap((m) => m.parts ?? []);
    return {
      text: parts
        .filter((p) => p.type === 'text')
        .map((p) => String(p.content ?? ''))
        .join('\n'),
      reasoning: parts
        .filter((p) => p.type === 'reasoning')
        .map((p) => String(p.content ?? ''))
        .join('\n'),
      toolCalls: parts
        .filter((p) => p.type === 'tool_call')
        .map((p, i) => ({ toolCallId: p.id ?? `call_${i}`, toolName: p.name ?? 'tool', input: p.arguments ?? {} })),
    };
  }
  const sdkCalls = parsed(str(attrs, 'ai.response.toolCalls'));
  const toolCalls = Array.isArray(sdkCalls)
    ? (sdkCalls as { toolCallId?: string; toolName?: string; input?: unknown; args?: unknown }[]).map((c, i) => ({
        toolCallId: c.toolCallId ?? `call_${i}`,
        toolName: c.toolName ?? 'tool',
        input: parsed(typeof c.input === 'string' ? c.input : undefined) ?? c.input ?? c.args ?? {},
      }))
    : openInferenceToolCalls(attrs);
  return {
    text: str(attrs, 'ai.response.text', 'llm.output_messages.0.message.content', 'output.value') ?? '',
    reasoning: str(attrs, 'ai.response.reasoning') ?? '',
    toolCalls,
  };
}

function openInferenceToolCalls(attrs: Attrs): ModelOutput['toolCalls'] {
  const calls: ModelOutput['toolCalls'] = [];
  for (let i = 0; attrs.has(`llm.output_messages.0.message.tool_calls.${i}.tool_call.function.name`); i++) {
    const prefix = `llm.output_messages.0.message.tool_calls.${i}.tool_call`;
    calls.push({
      toolCallId: str(attrs, `${prefix}.id`) ?? `call_${i}`,
      toolName: str(attrs, `${prefix}.function.name`)!,
      input: parsed(str(attrs, `${prefix}.function.arguments`)) ?? {},
    });
  }
  return calls;
}

/** Provider and model as our runs record a model: `provider:model`. */
export function modelLabel(attrs: Attrs): string | undefined {
  const model = str(attrs, 'gen_ai.request.model', 'gen_ai.response.model', 'llm.model_name', 'ai.model.id');
  if (!model) return undefined;
  const provider = str(
    attrs,
    'gen_ai.provider.name',
    'gen_ai.system',
    'llm.provider',
    'llm.system',
    'ai.model.provider',
  );
  return provider ? `${provider}:${model}` : model;
}

export function usage(attrs: Attrs): { inputTokens: number; outputTokens: number } {
  return {
    inputTokens:
      num(
        attrs,
        'gen_ai.usage.input_tokens',
        'llm.token_count.prompt',
        'ai.usage.inputTokens',
        'ai.usage.promptTokens',
      ) ?? 0,
    outputTokens:
      num(
        attrs,
        'gen_ai.usage.output_tokens',
        'llm.token_count.completion',
        'ai.usage.outputTokens',
        'ai.usage.completionTokens',
      ) ?? 0,
  };
}

export function finishReason(attrs: Attrs, failed: boolean): string {
  if (failed) return 'error';
  return str(attrs, 'gen_ai.response.finish_reasons', 'ai.response.finishReason') ?? 'stop';
}

export function toolInput(attrs: Attrs): unknown {
  return (
    parsed(
      str(
        attrs,
        'gen_ai.tool.call.arguments',
        'ai.toolCall.args',
        'ai.toolCall.input',
        'tool.parameters',
        'input.value',
      ),
    ) ?? {}
  );
}

export function toolOutput(attrs: Attrs): unknown {
  return parsed(str(attrs, 'gen_ai.tool.call.result', 'ai.toolCall.result', 'ai.toolCall.output', 'output.value'));
}

export function toolCallId(attrs: Attrs, span: OtlpSpan): string {
  return str(attrs, 'gen_ai.tool.call.id', 'ai.toolCall.id', 'tool_call.id') ?? `call_${span.spanId}`;
}

export function outputText(attrs: Attrs): string {
  const out = messages(str(attrs, 'gen_ai.output.messages'));
  if (out.length) return out.map(textOf).join('\n');
  return str(attrs, 'ai.response.text', 'output.value', 'ai.response.object') ?? '';
}
