import type { LanguageModelV4 } from '@ai-sdk/provider';
import { generateText, streamText, type ModelMessage, type ToolSet } from 'ai';

export type Mode = 'generate' | 'stream';

/** What the SDK handed the caller, the same way for generateText and streamText. */
export interface Outcome {
  text: string;
  reasoningText: string | undefined;
  toolCalls: { toolCallId: string; toolName: string; input: unknown }[];
  /** Content parts by type, in order (text, reasoning, tool-call, tool-error…). */
  contentTypes: string[];
  /** tool-error content parts: what the SDK would send back to the model. */
  toolErrors: { toolName: string; input: unknown; error: unknown }[];
  /** Tool calls the SDK marked invalid, with the name of the error it attached. */
  invalidToolCalls: { toolName: string; input: unknown; error: string | undefined }[];
  finishReason: string;
  usage: { inputTokens: number | undefined; outputTokens: number | undefined; reasoningTokens: number | undefined };
  /** Errors a stream reported on the side (streamText does not throw them). */
  streamErrors: unknown[];
}

export interface AskOptions {
  system?: string;
  prompt?: string;
  messages?: ModelMessage[];
  tools?: ToolSet;
  maxOutputTokens?: number;
  temperature?: number;
  abortSignal?: AbortSignal;
}

/** One model call through the AI SDK, with no retries: what a test sees is what the server sent. */
export async function ask(model: LanguageModelV4, mode: Mode, options: AskOptions): Promise<Outcome> {
  const prompt = options.messages ? { messages: options.messages } : { prompt: options.prompt ?? 'hello' };
  const common = {
    model,
    system: options.system,
    ...prompt,
    tools: options.tools,
    maxOutputTokens: options.maxOutputTokens,
    temperature: options.temperature,
    abortSignal: options.abortSignal,
    maxRetries: 0,
  };
  if (mode === 'generate') {
    const r = await generateText(common);
    return outcome(r, []);
  }
  const streamErrors: unknown[] = [];
  const r = streamText({ ...common, onError: ({ error }) => void streamErrors.push(error) });
  const settled = await Promise.all([r.text, r.reasoningText, r.toolCalls, r.content, r.finishReason, r.usage]).catch(
    (error: unknown) => {
      // streamText hands a failed call (an APICallError) to onError, and its promises reject with
      // NoOutputGeneratedError: throw what onError saw, as generateText would have.
      throw streamErrors[0] ?? error;
    },
  );
  const [text, reasoningText, toolCalls, content, finishReason, usage] = settled;
  return outcome({ text, reasoningText, toolCalls, content, finishReason, usage }, streamErrors);
}

interface SdkResult {
  text: string;
  reasoningText: string | undefined;
  toolCalls: { toolCallId: string; toolName: string; input: unknown; invalid?: boolean; error?: unknown }[];
  content: { type: string }[];
  finishReason: string;
  usage: {
    inputTokens: number | undefined;
    outputTokens: number | undefined;
    outputTokenDetails?: { reasoningTokens?: number | undefined };
  };
}

function outcome(r: SdkResult, streamErrors: unknown[]): Outcome {
  return {
    text: r.text,
    reasoningText: r.reasoningText,
    toolCalls: r.toolCalls.map((c) => ({ toolCallId: c.toolCallId, toolName: c.toolName, input: c.input })),
    contentTypes: r.content.map((p) => p.type),
    invalidToolCalls: r.toolCalls.flatMap((c) =>
      c.invalid
        ? [{ toolName: c.toolName, input: c.input, error: c.error instanceof Error ? c.error.name : undefined }]
        : [],
    ),
    toolErrors: r.content.flatMap((p) =>
      isToolError(p) ? [{ toolName: p.toolName, input: p.input, error: p.error }] : [],
    ),
    finishReason: r.finishReason,
    usage: {
      inputTokens: r.usage.inputTokens,
      outputTokens: r.usage.outputTokens,
      reasoningTokens: r.usage.outputTokenDetails?.reasoningTokens,
    },
    streamErrors,
  };
}

const isToolError = (p: {
  type: string;
}): p is { type: 'tool-error'; toolName: string; input: unknown; error: unknown } => p.type === 'tool-error';
