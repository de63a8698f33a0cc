import { OUT_OF_SCOPE_CODE, type TraceEvent } from '../events';
import { foldBatch } from './fold';

/**
 * Events → the run's counts: what the Run row's summary columns hold once the run is over
 * (lib/trace/runs.ts writes them from this fold), and what a live header shows while it runs.
 */

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'interrupted';

export interface RunSummary {
  status: RunStatus;
  outcome: string;
  startedAt: number | null;
  finishedAt: number | null;
  /** run.finished's own figure when there is one; else time from the start to the last event. */
  durationMs: number | null;
  events: number;
  modelSteps: number;
  toolCalls: number;
  /** Service calls that failed, real or injected (not the guard's refusals, not an agent's answer): the graph's failed calls. */
  errors: number;
  faults: number;
  /** Calls the guard refused (guard.blocked): out of the run's scope, a tool the agent does not have, rejected input. */
  blocked: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  lastSeq: number;
  lastTs: number | null;
}

export const emptyRunSummary: RunSummary = {
  status: 'running',
  outcome: '',
  startedAt: null,
  finishedAt: null,
  durationMs: null,
  events: 0,
  modelSteps: 0,
  toolCalls: 0,
  errors: 0,
  faults: 0,
  blocked: 0,
  inputTokens: 0,
  outputTokens: 0,
  costUsd: 0,
  lastSeq: 0,
  lastTs: null,
};

function apply(s: RunSummary, event: TraceEvent): RunSummary {
  switch (event.type) {
    case 'run.started':
      return { ...s, startedAt: event.ts };
    case 'run.finished':
      return {
        ...s,
        status: event.data.status,
        outcome: event.data.outcome,
        finishedAt: event.ts,
        durationMs: event.data.durationMs,
      };
    case 'run.interrupted':
      return {
        ...s,
        status: 'interrupted',
        outcome: event.data.reason,
        finishedAt: event.ts,
        durationMs: elapsed(s, event.ts),
      };
    case 'model.step':
      return {
        ...s,
        modelSteps: s.modelSteps + 1,
        inputTokens: s.inputTokens + event.data.usage.inputTokens,
        outputTokens: s.outputTokens + event.data.usage.outputTokens,
        costUsd: s.costUsd + event.data.costUsd,
      };
    case 'tool.call':
      return { ...s, toolCalls: s.toolCalls + 1 };
    case 'tool.result':
      // A service's failure, as the graph counts it on the agent and service nodes (an agent's answer is not a call).
      return event.data.status === 'error' &&
        (event.data.service ?? event.data.node) &&
        event.data.error?.code !== OUT_OF_SCOPE_CODE
        ? { ...s, errors: s.errors + 1 }
        : s;
    case 'fault.injected':
      return { ...s, faults: s.faults + 1 };
    case 'guard.blocked':
      return { ...s, blocked: s.blocked + 1 };
    default:
      return s;
  }
}

function elapsed(s: RunSummary, ts: number): number | null {
  return s.startedAt === null ? null : Math.max(0, ts - s.startedAt);
}

export function reduceRunSummary(state: RunSummary, event: TraceEvent): RunSummary {
  if (event.seq <= state.lastSeq) return state;
  const next = apply(state, event);
  const running = next.status === 'running';
  return {
    ...next,
    events: state.events + 1,
    lastSeq: event.seq,
    lastTs: event.ts,
    durationMs: running ? elapsed(next, event.ts) : next.durationMs,
  };
}

export function foldRunSummary(events: Iterable<TraceEvent>, initial: RunSummary = emptyRunSummary): RunSummary {
  return foldBatch(reduceRunSummary, initial, events);
}
