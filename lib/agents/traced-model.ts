import type { LanguageModelV4, LanguageModelV4CallOptions, LanguageModelV4GenerateResult } from '@ai-sdk/provider';
import { hashString } from '@/lib/runtime/random';
import { deadline } from './deadline';
import { backoffMs, classifyModelError, collectStream, isEmptyReply, type ModelFailure } from './model-call';
import { reportModelWarnings, warningText } from './model-warnings';
import { modelSettingsOf, type AgentModel, type RunContext } from './run-context';

export interface ModelStepScope {
  agent: string;
  agentSpanId: string;
  /** The agent span's parent: events recorded on the agent's own span carry it. */
  parentSpanId: string;
  /** Counts this agent's model calls. */
  step: { n: number };
}

const usageOf = (result: LanguageModelV4GenerateResult) => ({
  inputTokens: result.usage.inputTokens.total ?? 0,
  outputTokens: result.usage.outputTokens.total ?? 0,
});

/** Thrown when a model call failed for good: the agent loop reports it in these words. */
export class ModelCallError extends Error {
  constructor(
    readonly failure: ModelFailure,
    readonly attempts: number,
  ) {
    super(
      `the model failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${failure.kind}${failure.message ? ` (${failure.message})` : ''}`,
    );
    this.name = 'ModelCallError';
  }
}

function sleepUnlessAborted(ctx: RunContext, ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return ctx.clock.sleep(ms);
  signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    ctx.clock.sleep(ms).then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, reject);
  });
}

/**
 * Wraps an agent's model so that every call becomes a `model.step` event the moment
 * it returns: before its tool calls run, so the trace reads in the order things
 * happened. The raw content is kept, so a re-run can be served from the record.
 *
 * Calls that fail the way providers fail (429 with Retry-After, 5xx, a hang past the step
 * timeout, a dropped connection, an empty reply) are tried again with exponential backoff,
 * each failed attempt a `model.retry` event; the SDK's own retries stay off so none is unseen.
 * A streaming provider is read as a stream, its text handed to the live page as it comes.
 */
export function tracedModel(agentModel: AgentModel, ctx: RunContext, scope: ModelStepScope): LanguageModelV4 {
  const inner = agentModel.model;
  const settings = modelSettingsOf(ctx);
  const streaming = settings.stream && agentModel.streams === true;

  const callOnce = async (
    options: LanguageModelV4CallOptions,
    step: number,
  ): Promise<LanguageModelV4GenerateResult> => {
    if (!streaming) return inner.doGenerate(options);
    const { stream } = await inner.doStream(options);
    return collectStream(stream, (delta) =>
      ctx.live?.modelDelta({ runId: ctx.runId, agent: scope.agent, agentSpanId: scope.agentSpanId, step, ...delta }),
    );
  };

  const generate = async (options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> => {
    const step = scope.step.n + 1;
    const callOptions: LanguageModelV4CallOptions = {
      ...options,
      maxOutputTokens: options.maxOutputTokens ?? settings.maxOutputTokens,
      temperature: options.temperature ?? settings.temperature,
    };
    for (let attempt = 1; ; attempt++) {
      const started = ctx.clock.now();
      // Before the step's timeout starts: the pace is the watcher's, not the model's slowness.
      await ctx.pacer?.wait('model_step', `${scope.agentSpanId}:${step}:${attempt}`, options.abortSignal);
      const stepTimeout = deadline(settings.stepTimeoutMs, options.abortSignal);
      let result: LanguageModelV4GenerateResult | undefined;
      let failure: ModelFailure;
      try {
        result = await callOnce({ ...callOptions, abortSignal: stepTimeout.signal }, step);
        stepTimeout.dispose();
        if (!isEmptyReply(result) || attempt > settings.maxRetries) return await recordStep(result, started);
        failure = { kind: 'empty_reply', retryable: true, message: 'the model answered with no text and no tool call' };
      } catch (error) {
        stepTimeout.dispose();
        // The run's own abort (its budget, a cancel) is not the model's failure: it ends the loop.
        if (options.abortSignal?.aborted) throw error;
        failure = classifyModelError(error, stepTimeout.timedOut, ctx.clock.now());
      }
      const retry = failure.retryable && attempt <= settings.maxRetries;
      const jitter = (hashString(`${ctx.runId}:${scope.agentSpanId}:${step}:${attempt}`) % 1000) / 1000;
      const waitMs = retry ? backoffMs(attempt, jitter, failure.retryAfterMs) : 0;
      await ctx.trace.append(ctx.runId, {
        type: 'model.retry',
        spanId: scope.agentSpanId,
        parentSpanId: scope.parentSpanId,
        agent: scope.agent,
        data: {
          agent: scope.agent,
          step,
          attempt,
          model: agentModel.label,
          reason: failure.kind,
          message: failure.message,
          status: failure.status,
          retryAfterMs: failure.retryAfterMs,
          waitMs,
          willRetry: retry,
          latencyMs: ctx.clock.now() - started,
        },
      });
      if (!retry) throw new ModelCallError(failure, attempt);
      await sleepUnlessAborted(ctx, waitMs, options.abortSignal);
    }
  };

  const recordStep = async (
    result: LanguageModelV4GenerateResult,
    started: number,
  ): Promise<LanguageModelV4GenerateResult> => {
    const latencyMs = ctx.clock.now() - started;
    const usage = usageOf(result);
    const step = ++scope.step.n;
    const warnings = result.warnings.map(warningText);
    await ctx.trace.append(ctx.runId, {
      type: 'model.step',
      spanId: ctx.nextSpanId(),
      parentSpanId: scope.agentSpanId,
      agent: scope.agent,
      data: {
        agent: scope.agent,
        step,
        model: agentModel.label,
        reasoning: result.content
          .filter((p) => p.type === 'reasoning')
          .map((p) => p.text)
          .join('\n'),
        text: result.content
          .filter((p) => p.type === 'text')
          .map((p) => p.text)
          .join('\n'),
        toolCalls: result.content.flatMap((p) =>
          p.type === 'tool-call' ? [{ toolCallId: p.toolCallId, toolName: p.toolName, input: safeJson(p.input) }] : [],
        ),
        finishReason: result.finishReason.unified,
        usage,
        costUsd: agentModel.cost(usage),
        latencyMs,
        ...(warnings.length > 0 ? { warnings } : {}),
        response: { content: result.content, finishReason: result.finishReason, usage: result.usage },
      },
    });
    ctx.live?.stepEnded(ctx.runId, scope.agentSpanId, step);
    if (warnings.length === 0) return result;
    reportModelWarnings(agentModel.label, warnings);
    // Recorded and said: the SDK need not print them again at this and every later step.
    return { ...result, warnings: [] };
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
