import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamPart,
} from '@ai-sdk/provider';
import { readPrompt } from './prompt-reader';
import { hashString } from '@/lib/runtime/random';
import { think } from './think';
import { countTokens } from './usage';

export const OFFLINE_PLANNER_PROVIDER = 'offline-planner';

/**
 * The offline planner behind the AI SDK's language-model interface: the agent loop
 * cannot tell it from a real LLM. It reads only the call's messages and tool
 * definitions, and is a pure function of them: same input, same output, byte for byte.
 */
export class OfflinePlannerModel implements LanguageModelV4 {
  readonly specificationVersion = 'v4' as const;
  readonly provider = OFFLINE_PLANNER_PROVIDER;
  readonly supportedUrls = {};

  constructor(readonly modelId: string = 'offline-planner-v1') {}

  async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const read = readPrompt(options);
    const decision = think(read);
    const content: LanguageModelV4Content[] = [{ type: 'reasoning', text: decision.reasoning }];
    // Unique within a run and stable across re-runs: derived from the conversation so far.
    const toolCallId = () =>
      `call_${hashString(`${read.instructions}\n${read.userText}`).toString(36)}_${read.observations.length + 1}`;
    if (decision.kind === 'tool-call') {
      content.push({
        type: 'tool-call',
        toolCallId: toolCallId(),
        toolName: decision.toolName,
        input: JSON.stringify(decision.input),
      });
    } else {
      content.push({ type: 'text', text: decision.text });
      if (decision.finish)
        content.push({
          type: 'tool-call',
          toolCallId: toolCallId(),
          toolName: decision.finish.toolName,
          input: JSON.stringify(decision.finish.input),
        });
    }
    const calls = content.some((p) => p.type === 'tool-call');
    const promptText = JSON.stringify(options.prompt);
    const outputText = JSON.stringify(content);
    const inputTokens = countTokens(promptText);
    const outputTokens = countTokens(outputText);
    return {
      content,
      finishReason: calls ? { unified: 'tool-calls', raw: 'tool_calls' } : { unified: 'stop', raw: 'stop' },
      usage: {
        inputTokens: { total: inputTokens, noCache: inputTokens, cacheRead: 0, cacheWrite: 0 },
        outputTokens: { total: outputTokens, text: outputTokens, reasoning: countTokens(decision.reasoning) },
      },
      warnings: [],
    };
  }

  async doStream(options: LanguageModelV4CallOptions) {
    const result = await this.doGenerate(options);
    const parts: LanguageModelV4StreamPart[] = [{ type: 'stream-start', warnings: [] }];
    result.content.forEach((part, i) => {
      const id = String(i);
      if (part.type === 'reasoning')
        parts.push(
          { type: 'reasoning-start', id },
          { type: 'reasoning-delta', id, delta: part.text },
          { type: 'reasoning-end', id },
        );
      else if (part.type === 'text')
        parts.push({ type: 'text-start', id }, { type: 'text-delta', id, delta: part.text }, { type: 'text-end', id });
      else if (part.type === 'tool-call') parts.push(part);
    });
    parts.push({ type: 'finish', finishReason: result.finishReason, usage: result.usage });
    return {
      stream: new ReadableStream<LanguageModelV4StreamPart>({
        start(controller) {
          for (const part of parts) controller.enqueue(part);
          controller.close();
        },
      }),
    };
  }
}
