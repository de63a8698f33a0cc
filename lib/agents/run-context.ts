import type { LanguageModelV4 } from '@ai-sdk/provider';
import type { Clock } from '@/lib/runtime/clock';
import type { Pacer } from '@/lib/runtime/pace';
import type { Services } from '@/lib/services';
import type { NewTraceEvent } from '@/lib/trace/events';
import type { LiveTextDelta } from '@/lib/trace/live-text';
import type { AgentName } from '@/lib/protocol/agents';
import { DEFAULT_MODEL_CALL_SETTINGS, type ModelCallSettings } from '@/lib/models/call-settings';
import type { RunGuard } from '@/lib/guard/run-scope';

/** Where a run's events go: the recorder in the app, anything that appends in tests. */
export interface TraceSink {
  append(runId: string, event: NewTraceEvent): Promise<unknown>;
  /** Resolves once everything appended so far is durable (a write-behind sink); awaited before a service call takes effect. */
  durable?(): Promise<void>;
}

/** The model an agent thinks with, and what it costs. */
export interface AgentModel {
  model: LanguageModelV4;
  /** "provider:model", as runs record it. */
  label: string;
  /** US dollars for this many tokens. */
  cost(usage: { inputTokens: number; outputTokens: number }): number;
  /** true for a provider worth streaming from; a model that answers at once (the offline planner, a record) is read whole. */
  streams?: boolean;
}

/** Where live-only signals go (the run page's stream); absent in tests and re-runs. */
export interface LiveChannel {
  modelDelta(delta: LiveTextDelta): void;
  /** The step's model.step is recorded: its text is no longer live. */
  stepEnded(runId: string, agentSpanId: string, step: number): void;
}

/** Everything one run needs, passed in (clock, ids, services, models), so a run can be reproduced exactly. */
export interface RunContext {
  runId: string;
  trace: TraceSink;
  clock: Clock;
  services: Services;
  modelFor(agent: AgentName): AgentModel;
  /** Deterministic span ids within the run: s1, s2, ... */
  nextSpanId(): string;
  /** What the run may act on and who owns what: every specialist tool call is checked against it before its service runs. */
  guard: RunGuard;
  /** Each agent's step limit and time budget. */
  limits: { steps: number; timeBudgetMs: number };
  signal?: AbortSignal;
  /** How model calls are made (timeouts, retries, streaming); the defaults when absent. */
  modelSettings?: ModelCallSettings;
  live?: LiveChannel;
  /** How long model steps and service calls take for a person watching (browser orders); instant when absent. */
  pacer?: Pacer;
  /** Edit-and-continue: a tool result to serve instead of running the tool (by tool-call id); undefined runs it. */
  overrideToolResult?(toolCallId: string): unknown;
}

export function spanIdGenerator(): () => string {
  let n = 0;
  return () => `s${++n}`;
}

export function modelSettingsOf(ctx: Pick<RunContext, 'modelSettings'>): ModelCallSettings {
  return ctx.modelSettings ?? DEFAULT_MODEL_CALL_SETTINGS;
}
