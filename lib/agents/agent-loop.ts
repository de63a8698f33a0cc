import { generateText, isStepCount, type ToolSet } from 'ai';
import type { AgentName } from '@/lib/protocol/agents';
import { recordRefusedToolCalls } from '@/lib/guard/sdk-refusals';
import type { RunContext } from './run-context';
import { tracedModel } from './traced-model';

/** An agent declared as data: who it is, what it is told, and the tools it may use. */
export interface AgentDefinition {
  name: AgentName;
  instructions: string;
  /** Built per invocation: tools record themselves under the agent's span. */
  tools(ctx: RunContext, agentSpanId: string): ToolSet;
}

export interface AgentOutcome {
  text: string;
  steps: number;
  status: 'ok' | 'error';
  error?: string;
}

/**
 * Runs one agent: an AI SDK generateText loop with its own instructions, its own
 * tools only, a step limit and a time budget, recorded as an invoke_agent span.
 */
export async function runAgent(
  def: AgentDefinition,
  ctx: RunContext,
  input: { prompt: string; goal: string; task?: unknown; parentSpanId: string },
): Promise<AgentOutcome> {
  const agentSpanId = ctx.nextSpanId();
  const started = ctx.clock.now();
  await ctx.trace.append(ctx.runId, {
    type: 'agent.started', spanId: agentSpanId, parentSpanId: input.parentSpanId, agent: def.name,
    data: { agent: def.name, goal: input.goal, task: input.task },
  });
  const scope = { agent: def.name, agentSpanId, step: { n: 0 } };
  let outcome: AgentOutcome;
  try {
    const signals = [AbortSignal.timeout(ctx.limits.timeBudgetMs), ...(ctx.signal ? [ctx.signal] : [])];
    const result = await generateText({
      model: tracedModel(ctx.modelFor(def.name), ctx, scope),
      instructions: def.instructions,
      prompt: input.prompt,
      tools: def.tools(ctx, agentSpanId),
      stopWhen: isStepCount(ctx.limits.steps),
      maxRetries: 0,
      abortSignal: AbortSignal.any(signals),
      // Calls the SDK refused itself (a tool this agent does not have, input its schema rejects) become guard.blocked.
      onStepEnd: (step) => recordRefusedToolCalls(ctx, def.name, agentSpanId, step),
    });
    const text = result.text.trim();
    outcome = text
      ? { text, steps: scope.step.n, status: 'ok' }
      : { text: `Stopped after ${scope.step.n} steps without an answer (step limit).`, steps: scope.step.n, status: 'error', error: 'step_limit' };
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    outcome = { text: `I could not finish: ${message}`, steps: scope.step.n, status: 'error', error: message };
  }
  await ctx.trace.append(ctx.runId, {
    type: 'agent.finished', spanId: agentSpanId, parentSpanId: input.parentSpanId, agent: def.name,
    data: { agent: def.name, status: outcome.status, answer: outcome.text, steps: outcome.steps, durationMs: ctx.clock.now() - started },
  });
  return outcome;
}
