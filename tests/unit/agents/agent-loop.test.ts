import {
  APICallError,
  type LanguageModelV4,
  type LanguageModelV4CallOptions,
  type LanguageModelV4Content,
  type LanguageModelV4GenerateResult,
} from '@ai-sdk/provider';
import { tracingChannel } from 'node:diagnostics_channel';
import { AI_SDK_TELEMETRY_TRACING_CHANNEL, registerTelemetry } from 'ai';
import { describe, expect, it } from 'vitest';
import { runAgent } from '@/lib/agents/agent-loop';
import type { AgentModel, RunContext } from '@/lib/agents/run-context';
import { SPECIALIST_AGENTS } from '@/lib/agents/specialists';
import { DEFAULT_MODEL_CALL_SETTINGS } from '@/lib/models/call-settings';
import { ManualClock } from '@/lib/runtime/clock';
import type { NewTraceEvent } from '@/lib/trace/events';

type Reply =
  | LanguageModelV4Content[]
  | { finish: 'length' | 'content-filter'; content: LanguageModelV4Content[] }
  | Error;

const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 5, text: 5, reasoning: 0 },
};
const text = (t: string): LanguageModelV4Content => ({ type: 'text', text: t });
const call = (toolName: string, input: unknown, id = toolName): LanguageModelV4Content => ({
  type: 'tool-call',
  toolCallId: id,
  toolName,
  input: typeof input === 'string' ? input : JSON.stringify(input),
});
const ANSWER = { action: 'list_payment_methods', status: 'ok', result: { methods: [] } };

/** A model that plays back a script, one reply per call, and keeps what it was sent. */
function scripted(replies: Reply[]) {
  const prompts: LanguageModelV4CallOptions[] = [];
  const model: LanguageModelV4 = {
    specificationVersion: 'v4',
    provider: 'script',
    modelId: 'script',
    supportedUrls: {},
    doGenerate: async (options): Promise<LanguageModelV4GenerateResult> => {
      prompts.push(options);
      const reply = replies[prompts.length - 1] ?? [text('(script over)')];
      if (reply instanceof Error) throw reply;
      const content = Array.isArray(reply) ? reply : reply.content;
      const unified = Array.isArray(reply)
        ? content.some((p) => p.type === 'tool-call')
          ? 'tool-calls'
          : 'stop'
        : reply.finish;
      return { content, finishReason: { unified, raw: unified }, usage, warnings: [] };
    },
    doStream: async () => {
      throw new Error('not streamed');
    },
  };
  return { model, prompts };
}

function context(model: LanguageModelV4, settings = DEFAULT_MODEL_CALL_SETTINGS) {
  const events: NewTraceEvent[] = [];
  let n = 0;
  const agentModel: AgentModel = { model, label: 'script:script', cost: () => 0, streams: false };
  const ctx: RunContext = {
    runId: 'run_1',
    trace: { append: async (_runId, event) => events.push(event) },
    clock: new ManualClock(),
    services: {} as never,
    guard: {} as never,
    modelFor: () => agentModel,
    nextSpanId: () => `s${++n}`,
    limits: { steps: 8, timeBudgetMs: 60_000 },
    modelSettings: settings,
  };
  return { ctx, events };
}

const customer = SPECIALIST_AGENTS.CustomerAgent;
const ask = (ctx: RunContext) =>
  runAgent(customer, ctx, { prompt: 'List the cards of cus_1.', goal: 'list cards', parentSpanId: 'run' });

describe('the agent loop', () => {
  it('ends on a valid call of its answer tool and returns the answer', async () => {
    const { model } = scripted([[text('Here they are.'), call('answer', ANSWER)]]);
    const { ctx, events } = context(model);
    const outcome = await ask(ctx);
    expect(outcome).toMatchObject({ status: 'ok', answerVia: 'tool', answer: ANSWER, text: 'Here they are.' });
    expect(events.at(-1)).toMatchObject({ type: 'agent.finished', data: { answerVia: 'tool', result: ANSWER } });
  });

  it('sends an answer call with wrong fields back to the model, which corrects it', async () => {
    const { model, prompts } = scripted([
      [call('answer', { action: 'list_payment_methods', state: 'ok' })],
      [call('answer', ANSWER, 'a2')],
    ]);
    const { ctx } = context(model);
    expect(await ask(ctx)).toMatchObject({ status: 'ok', answer: ANSWER });
    expect(JSON.stringify(prompts[1].prompt.at(-1))).toContain('Invalid input');
  });

  it('reads an answer written in prose when it is a valid one', async () => {
    const { model } = scripted([[text(`Done.\n\`\`\`JSON\n${JSON.stringify(ANSWER)}\n\`\`\``)]]);
    const { ctx } = context(model);
    expect(await ask(ctx)).toMatchObject({ status: 'ok', answerVia: 'text', answer: ANSWER });
  });

  it('nudges once a model that stops in prose, and takes the answer it then gives', async () => {
    const { model, prompts } = scripted([[text('I listed the cards.')], [call('answer', ANSWER)]]);
    const { ctx, events } = context(model);
    expect(await ask(ctx)).toMatchObject({ status: 'ok', answerVia: 'tool' });
    expect(events.filter((e) => e.type === 'agent.nudged')).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ reason: 'no_answer_call' }) }),
    ]);
    expect(JSON.stringify(prompts[1].prompt.at(-1))).toContain('Call the answer tool now');
  });

  it('after one nudge, says the answer is unknown and why, never that the task failed', async () => {
    const { model } = scripted([[text('I listed the cards.')], [text('Really, I did.')]]);
    const { ctx } = context(model);
    const outcome = await ask(ctx);
    expect(outcome).toMatchObject({
      status: 'error',
      answer: null,
      answerVia: 'none',
      error: 'no_answer:no_answer_call',
    });
    expect(outcome.text).toMatch(/gave no answer .* unknown/);
    expect(outcome.text).toContain('Really, I did.');
  });

  it('never takes a reply cut off at the token limit as an answer: it nudges, naming the truncation', async () => {
    const { model } = scripted([
      { finish: 'length', content: [text(`\`\`\`json\n${JSON.stringify(ANSWER)}\n\`\`\` and then I`)] },
    ]);
    const { ctx, events } = context(model);
    const outcome = await ask(ctx);
    expect(events.find((e) => e.type === 'agent.nudged')).toMatchObject({ data: { reason: 'truncated' } });
    expect(outcome.answer).toBeNull();
  });

  it('a refusal is nudged as such', async () => {
    const { model } = scripted([
      { finish: 'content-filter', content: [text('I cannot help with that.')] },
      [call('answer', ANSWER)],
    ]);
    const { ctx, events } = context(model);
    expect(await ask(ctx)).toMatchObject({ status: 'ok' });
    expect(events.find((e) => e.type === 'agent.nudged')).toMatchObject({ data: { reason: 'refusal' } });
  });

  it('retries a 429 after its Retry-After, a 500 and an empty reply, each a model.retry event, then goes on', async () => {
    const rateLimited = new APICallError({
      message: 'Too Many Requests',
      url: 'u',
      requestBodyValues: {},
      statusCode: 429,
      responseHeaders: { 'retry-after': '3' },
    });
    const serverError = new APICallError({
      message: 'Internal Server Error',
      url: 'u',
      requestBodyValues: {},
      statusCode: 500,
    });
    const { model } = scripted([rateLimited, serverError, [], [call('answer', ANSWER)]]);
    const { ctx, events } = context(model);
    const started = ctx.clock.now();
    expect(await ask(ctx)).toMatchObject({ status: 'ok', answer: ANSWER });
    const retries = events.filter((e) => e.type === 'model.retry').map((e) => e.data);
    expect(retries.map((r) => [r.reason, r.attempt, r.willRetry])).toEqual([
      ['rate_limited', 1, true],
      ['server_error', 2, true],
      ['empty_reply', 3, true],
    ]);
    expect(retries[0]).toMatchObject({ status: 429, retryAfterMs: 3000, waitMs: 3000 });
    expect(ctx.clock.now() - started).toBeGreaterThanOrEqual(3000);
    // Failed attempts are not steps: the one step recorded is the one that answered.
    expect(events.filter((e) => e.type === 'model.step')).toHaveLength(1);
  });

  it('gives up after the retries allowed, and says so in words', async () => {
    const serverError = () =>
      new APICallError({ message: 'Bad Gateway', url: 'u', requestBodyValues: {}, statusCode: 502 });
    const { model } = scripted([serverError(), serverError(), serverError()]);
    const { ctx, events } = context(model, { ...DEFAULT_MODEL_CALL_SETTINGS, maxRetries: 2 });
    const outcome = await ask(ctx);
    expect(outcome).toMatchObject({ status: 'error', answer: null });
    expect(outcome.text).toContain('the model failed after 3 attempts: server_error');
    expect(events.filter((e) => e.type === 'model.retry').map((e) => e.data.willRetry)).toEqual([true, true, false]);
  });

  it('does not retry what retrying cannot fix (a 401)', async () => {
    const { model, prompts } = scripted([
      new APICallError({ message: 'Unauthorized', url: 'u', requestBodyValues: {}, statusCode: 401 }),
    ]);
    const { ctx } = context(model);
    expect((await ask(ctx)).text).toContain('client_error');
    expect(prompts).toHaveLength(1);
  });

  it('cuts a call that hangs past the step timeout and tries again', async () => {
    let calls = 0;
    const model: LanguageModelV4 = {
      specificationVersion: 'v4',
      provider: 'hang',
      modelId: 'hang',
      supportedUrls: {},
      doGenerate: (options) => {
        calls++;
        if (calls === 1)
          return new Promise((_resolve, reject) =>
            options.abortSignal?.addEventListener('abort', () => reject(options.abortSignal?.reason)),
          );
        return Promise.resolve({
          content: [call('answer', ANSWER)],
          finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
          usage,
          warnings: [],
        });
      },
      doStream: async () => {
        throw new Error('not streamed');
      },
    };
    const { ctx, events } = context(model, { ...DEFAULT_MODEL_CALL_SETTINGS, stepTimeoutMs: 200 });
    expect(await ask(ctx)).toMatchObject({ status: 'ok' });
    expect(events.find((e) => e.type === 'model.retry')).toMatchObject({
      data: { reason: 'timeout', willRetry: true },
    });
  });

  it('sends the configured max tokens and temperature', async () => {
    const { model, prompts } = scripted([[call('answer', ANSWER)]]);
    const { ctx } = context(model, { ...DEFAULT_MODEL_CALL_SETTINGS, maxOutputTokens: 321, temperature: 0.3 });
    await ask(ctx);
    expect(prompts[0]).toMatchObject({ maxOutputTokens: 321, temperature: 0.3 });
    expect(prompts[0].tools?.map((t) => t.name)).toContain('answer');
  });

  it('strips control characters from what it stores for people', async () => {
    const { model } = scripted([[text('Done\u0000\u001b.'), call('answer', ANSWER)]]);
    const { ctx } = context(model);
    expect((await ask(ctx)).text).toBe('Done.');
  });
});

describe("the AI SDK's own telemetry", () => {
  const answered = () => scripted([[text('Here they are.'), call('answer', ANSWER)]]).model;

  it('reaches an integration registered with registerTelemetry', async () => {
    const steps: number[] = [];
    registerTelemetry({ onStepEnd: (event) => void steps.push(event.stepNumber) });
    try {
      await ask(context(answered()).ctx);
    } finally {
      // registerTelemetry has no inverse: empty the list it keeps, so no other test has it.
      (globalThis as { AI_SDK_TELEMETRY_INTEGRATIONS?: unknown[] }).AI_SDK_TELEMETRY_INTEGRATIONS = [];
    }
    expect(steps).toEqual([0]);
  });

  it("reaches a subscriber of the SDK's tracing channel", async () => {
    const started: string[] = [];
    const subscriber = {
      start: (message: unknown) => void started.push((message as { type: string }).type),
      end: () => undefined,
      asyncStart: () => undefined,
      asyncEnd: () => undefined,
      error: () => undefined,
    };
    const channel = tracingChannel(AI_SDK_TELEMETRY_TRACING_CHANNEL);
    channel.subscribe(subscriber);
    try {
      await ask(context(answered()).ctx);
    } finally {
      channel.unsubscribe(subscriber);
    }
    expect(started.length).toBeGreaterThan(0);
  });
});
