import type { LanguageModelV4, LanguageModelV4CallOptions, LanguageModelV4GenerateResult } from '@ai-sdk/provider';
import type { AgentModel, RunContext } from './run-context';

export interface ModelStepScope {
  agent: string;
  agentSpanId: string;
  /** Counts this agent's model calls. */
  step: { n: number };
}

const usageOf = (result: LanguageModelV4GenerateResult) => ({
  inputTokens: result.usage.inputTokens.total ?? 0,
  outputTokens: result.usage.outputTokens.total ?? 0,
});

/**
 * Wraps an agent's model so that every call becomes a `model.step` event the moment
 * it returns: before its tool calls run, so the trace reads in the order things
 * happened. The raw content is kept, so a re-run can be served from the record.
 */
export function tracedModel(agentModel: AgentModel, ctx: RunContext, scope: ModelStepScope): LanguageModelV4 {
  const inner = agentModel.model;
  const generate = async (options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> => {
    const started = ctx.clock.now();
    const result = await inner.doGenerate(options);
    const latencyMs = ctx.clock.now() - started;
    const usage = usageOf(result);
    const step = ++scope.step.n;
    await ctx.trace.append(ctx.runId, {
      type: 'model.step',
      spanId: ctx.nextSpanId(),
      parentSpanId: scope.agentSpanId,
      agent: scope.agent,
      data: {
        agent: scope.agent,
        step,
        model: agentModel.label,
        reasoning: result.content.filter((p) => p.type === 'reasoning').map((p) => p.text).join('\n'),
        text: result.content.filter((p) => p.type === 'text').map((p) => p.text).join('\n'),
        toolCalls: result.content.flatMap((p) => (p.type === 'tool-call' ? [{ toolCallId: p.toolCallId, toolName: p.toolName, input: safeJson(p.input) }] : [])),
        finishReason: result.finishReason.unified,
        usage,
        costUsd: agentModel.cost(usage),
        latencyMs,
        response: { content: result.content, finishReason: result.finishReason, usage: result.usage },
      },
    });
    return result;
  };
  return {
    specificationVersion: 'v4',
    provider: inner.provider,
    modelId: inner.modelId,
    supportedUrls: inner.supportedUrls,
    doGenerate: generate,
    // The agent loop uses generateText; a stream is served from one generate call.
    doStream: async (options) => {
      const result = await generate(options);
      return {
        stream: new ReadableStream({
          start(controller) {
            controller.enqueue({ type: 'stream-start', warnings: [] });
            for (const part of result.content) {
              if (part.type === 'tool-call') controller.enqueue(part);
              else if (part.type === 'text') {
                controller.enqueue({ type: 'text-start', id: 't' });
                controller.enqueue({ type: 'text-delta', id: 't', delta: part.text });
                controller.enqueue({ type: 'text-end', id: 't' });
              }
            }
            controller.enqueue({ type: 'finish', finishReason: result.finishReason, usage: result.usage });
            controller.close();
          },
        }),
      };
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
