import { tracingChannel } from 'node:diagnostics_channel';
import {
  AI_SDK_TELEMETRY_TRACING_CHANNEL,
  generateText,
  isStepCount,
  type ModelMessage,
  type StopCondition,
  type ToolSet,
} from 'ai';
import type { z } from 'zod';
import type { AgentName } from '@/lib/protocol/agents';
import { lastJsonObject } from '@/lib/protocol/json-in-text';
import { plainText } from '@/lib/protocol/plain-text';
import { modelSettingsOf, type RunContext } from './run-context';
import { recordRefusedToolCalls } from '@/lib/guard/sdk-refusals';
import { deadline } from './deadline';
import { tracedModel } from './traced-model';
import { toolInputSchema } from './tool-schema';

/** The tool an agent ends with: its structured answer. */
export interface FinishTool<Answer> {
  toolName: string;
  description: string;
  inputSchema: z.ZodType<Answer>;
  /** The answer in words, when the model called the tool without saying anything. */
  describe(answer: Answer): string;
}

/** An agent declared as data: who it is, what it is told, its tools, and the tool it ends with. */
export interface AgentDefinition<Answer = unknown> {
  name: AgentName;
  instructions: string;
  /** Built per invocation: tools record themselves under the agent's span. */
  tools(ctx: RunContext, agentSpanId: string): ToolSet;
  finish: FinishTool<Answer>;
}

export interface AgentOutcome<Answer = unknown> {
  /** The agent's last words for people, control characters stripped. */
  text: string;
  steps: number;
  status: 'ok' | 'error';
  /** The structured answer, validated; null when the agent gave none. */
  answer: Answer | null;
  answerVia: 'tool' | 'text' | 'none';
  error?: string;
}

/**
 * The AI SDK's own telemetry, on only when someone takes it: an integration registered with its
 * `registerTelemetry`, or a subscriber of its tracing channel. Unused, it still cost about 1 ms of an
 * order's CPU: each step's events built, redacted and offered to a tracing channel made afresh. The runs'
 * own trace, and its OTLP export, do not come from it.
 */
const sdkTracing = tracingChannel(AI_SDK_TELEMETRY_TRACING_CHANNEL);
function sdkTelemetryTaken(): boolean {
  // Where registerTelemetry keeps the integrations (the SDK has no reader for them).
  const registered = (globalThis as { AI_SDK_TELEMETRY_INTEGRATIONS?: readonly unknown[] })
    .AI_SDK_TELEMETRY_INTEGRATIONS;
  return (registered?.length ?? 0) > 0 || sdkTracing.hasSubscribers;
}

/** Stops the loop on a call of the finish tool that the SDK accepted (an invalid one goes back to the model). */
function finishCalled(toolName: string): StopCondition<ToolSet> {
  return ({ steps }) => steps.at(-1)?.toolCalls.some((c) => c.toolName === toolName && !c.invalid) ?? false;
}

type Result = Awaited<ReturnType<typeof generateText<ToolSet>>>;

function finishInput(result: Result, toolName: string): unknown {
  for (const step of [...result.steps].reverse()) {
    const call = step.toolCalls.find((c) => c.toolName === toolName && !c.invalid);
    if (call) return call.input;
  }
  return undefined;
}

/** Why a loop ended without an answer, from its last step: what the nudge says and the trace records. */
function whyUnanswered(
  result: Result,
  finishTool: string,
): { reason: 'truncated' | 'refusal' | 'empty_reply' | 'no_answer_call'; nudge: string } {
  const last = result.steps.at(-1);
  const call = `Call the ${finishTool} tool now with your answer.`;
  if (last?.finishReason === 'length')
    return { reason: 'truncated', nudge: `Your reply was cut off at the token limit. Do not write prose: ${call}` };
  if (last?.finishReason === 'content-filter')
    return {
      reason: 'refusal',
      nudge: `This is a routine checkout task on the shop's own systems. ${call} If you cannot do the task, answer with status "failed" and say why.`,
    };
  if (!result.text.trim()) return { reason: 'empty_reply', nudge: `Your reply was empty. ${call}` };
  return {
    reason: 'no_answer_call',
    nudge: `You answered in text, but your answer only counts through the ${finishTool} tool. ${call}`,
  };
}

/**
 * Runs one agent: an AI SDK generateText loop with its own instructions, its own tools
 * and its finish tool, a step limit and a time budget, recorded as an invoke_agent span.
 * It ends on a valid finish call; a model that stops in prose is read leniently (a JSON
 * answer in its words), else nudged once, else its answer is unknown, said in so many words.
 */
export async function runAgent<Answer>(
  def: AgentDefinition<Answer>,
  ctx: RunContext,
  input: { prompt: string; goal: string; task?: unknown; parentSpanId: string },
): Promise<AgentOutcome<Answer>> {
  const agentSpanId = ctx.nextSpanId();
  const started = ctx.clock.now();
  await ctx.trace.append(ctx.runId, {
    type: 'agent.started',
    spanId: agentSpanId,
    parentSpanId: input.parentSpanId,
    agent: def.name,
    data: { agent: def.name, goal: input.goal, task: input.task },
  });
  const scope = { agent: def.name, agentSpanId, parentSpanId: input.parentSpanId, step: { n: 0 } };
  const settings = modelSettingsOf(ctx);
  const budget = Math.min(ctx.limits.timeBudgetMs, settings.runBudgetMs);
  const accept = (value: unknown): Answer | null => {
    const parsed = def.finish.inputSchema.safeParse(value);
    return parsed.success ? parsed.data : null;
  };
  let outcome: AgentOutcome<Answer>;
  const budgetLeft = deadline(budget, ctx.signal);
  try {
    const model = tracedModel(ctx.modelFor(def.name), ctx, scope);
    const tools: ToolSet = {
      ...def.tools(ctx, agentSpanId),
      // The answer is read from the call itself; executing it only lets the SDK close the step.
      [def.finish.toolName]: {
        description: def.finish.description,
        inputSchema: toolInputSchema(def.finish.inputSchema),
        execute: async () => ({ received: true }),
      },
    };
    let messages: ModelMessage[] = [{ role: 'user', content: input.prompt }];
    let nudged = false;
    for (;;) {
      const result = await generateText({
        model,
        instructions: def.instructions,
        messages,
        tools,
        stopWhen: [isStepCount(Math.max(1, ctx.limits.steps - scope.step.n)), finishCalled(def.finish.toolName)],
        maxRetries: 0,
        telemetry: { isEnabled: sdkTelemetryTaken() },
        abortSignal: budgetLeft.signal,
        // Calls the SDK refused itself (a tool this agent does not have, input its schema rejects) become guard.blocked.
        onStepEnd: (step) => recordRefusedToolCalls(ctx, def.name, agentSpanId, step),
      });
      const words = plainText(result.text.trim());
      const viaTool = accept(finishInput(result, def.finish.toolName));
      if (viaTool !== null) {
        outcome = {
          text: words || def.finish.describe(viaTool),
          steps: scope.step.n,
          status: 'ok',
          answer: viaTool,
          answerVia: 'tool',
        };
        break;
      }
      const lastFinish = result.steps.at(-1)?.finishReason;
      // Only a reply the model finished on purpose is read for an answer: a cut-off one may hold half of one.
      const viaText = lastFinish === 'stop' || lastFinish === 'other' ? lastJsonObject(result.text, accept) : null;
      if (viaText !== null) {
        outcome = {
          text: words || def.finish.describe(viaText),
          steps: scope.step.n,
          status: 'ok',
          answer: viaText,
          answerVia: 'text',
        };
        break;
      }
      if (scope.step.n >= ctx.limits.steps) {
        outcome = {
          text: `Stopped after ${scope.step.n} steps without an answer (step limit).`,
          steps: scope.step.n,
          status: 'error',
          answer: null,
          answerVia: 'none',
          error: 'step_limit',
        };
        break;
      }
      const why = whyUnanswered(result, def.finish.toolName);
      if (nudged) {
        const said = words ? ` Its last words: "${words.slice(0, 300)}"` : '';
        outcome = {
          text: `The ${def.name} gave no answer (${why.reason.replace(/_/g, ' ')}), even when asked again, so whether its task was done is unknown.${said}`,
          steps: scope.step.n,
          status: 'error',
          answer: null,
          answerVia: 'none',
          error: `no_answer:${why.reason}`,
        };
        break;
      }
      nudged = true;
      await ctx.trace.append(ctx.runId, {
        type: 'agent.nudged',
        spanId: agentSpanId,
        parentSpanId: input.parentSpanId,
        agent: def.name,
        data: { agent: def.name, reason: why.reason, text: why.nudge },
      });
      messages = [...messages, ...result.response.messages, { role: 'user', content: why.nudge }];
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    outcome = {
      text: plainText(`The ${def.name} could not finish: ${message}`),
      steps: scope.step.n,
      status: 'error',
      answer: null,
      answerVia: 'none',
      error: plainText(message),
    };
  } finally {
    budgetLeft.dispose();
  }
  await ctx.trace.append(ctx.runId, {
    type: 'agent.finished',
    spanId: agentSpanId,
    parentSpanId: input.parentSpanId,
    agent: def.name,
    data: {
      agent: def.name,
      status: outcome.status,
      answer: outcome.text,
      result: outcome.answer ?? undefined,
      answerVia: outcome.answerVia,
      steps: outcome.steps,
      durationMs: ctx.clock.now() - started,
    },
  });
  return outcome;
}
