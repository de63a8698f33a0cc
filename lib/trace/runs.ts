import { z } from 'zod';
import type { PrismaClient } from '@/lib/db/client';
import type { Clock } from '@/lib/runtime/clock';
import { ROOT_SPAN_ID, type TraceEventOf } from './events';
import { loadEvents } from './event-log';
import { foldRunSummary, type RunSummary } from './projections/run-summary';
import { RecorderError, type TraceAppender } from './recorder';

/**
 * A run's end, recorded as an event first and then copied into the Run row's summary columns
 * (a cache for the history list: the events stay the truth, and the row is rebuilt from them).
 */

export interface RunLifecycleDeps {
  db: PrismaClient;
  recorder: TraceAppender;
  clock: Clock;
}

export const finishRunInputSchema = z.object({
  status: z.enum(['succeeded', 'failed']),
  outcome: z.string(),
  /** The order's final state (status, payments, shipments, notifications, reservations). */
  order: z.unknown().optional(),
});
export type FinishRunInput = z.input<typeof finishRunInputSchema>;

export interface FinishedRun {
  event: TraceEventOf<'run.finished'>;
  summary: RunSummary;
}

/** Appends run.finished (durationMs from run.started) and writes the Run row's summary. */
export async function finishRun(deps: RunLifecycleDeps, runId: string, input: FinishRunInput): Promise<FinishedRun> {
  const { status, outcome, order } = finishRunInputSchema.parse(input);
  const startedAt = deps.recorder.committedSummary?.(runId)?.startedAt ?? (await runStartTs(deps.db, runId));
  const ts = deps.clock.now();
  const event = await deps.recorder.append(runId, {
    type: 'run.finished',
    spanId: ROOT_SPAN_ID,
    parentSpanId: null,
    agent: null,
    ts,
    data: { status, outcome, durationMs: Math.max(0, ts - startedAt), ...(order === undefined ? {} : { order }) },
  });
  if (event.type !== 'run.finished') throw new Error(`finishRun: the recorder returned ${event.type}`);
  // The recorder's fold of what it committed is the fold of the stored log: no need to read it back.
  const committed = deps.recorder.committedSummary?.(runId) ?? null;
  return {
    event,
    summary: await writeRunSummary(deps.db, runId, committed?.lastSeq === event.seq ? committed : undefined),
  };
}

export interface InterruptedRuns {
  /** Runs that got run.interrupted now. */
  interrupted: string[];
  /** Runs whose end was already recorded (the process died before the row was updated): row repaired, not interrupted. */
  repaired: string[];
  /** Runs whose end could not be recorded; the error says why. */
  failed: { runId: string; error: unknown }[];
}

/**
 * One run a dead process left running gets a run.interrupted event and the status 'interrupted'.
 * 'repaired' when its end was already recorded (the process died before the row was updated): the
 * row is rebuilt from the log instead.
 */
export async function interruptRun(
  deps: RunLifecycleDeps,
  runId: string,
  reason: string,
  ts = deps.clock.now(),
): Promise<'interrupted' | 'repaired'> {
  let ending: 'interrupted' | 'repaired' = 'interrupted';
  try {
    await deps.recorder.append(runId, {
      type: 'run.interrupted',
      spanId: ROOT_SPAN_ID,
      parentSpanId: null,
      agent: null,
      ts,
      data: { reason },
    });
  } catch (error) {
    if (!(error instanceof RecorderError && error.code === 'run_closed')) throw error;
    ending = 'repaired';
  }
  await writeRunSummary(deps.db, runId);
  return ending;
}

/**
 * At start-up: every run still marked running belonged to a process that is gone. Each gets a
 * run.interrupted event and the status 'interrupted'. Idempotent: a second call finds none.
 */
export async function interruptRunningRuns(deps: RunLifecycleDeps, reason: string): Promise<InterruptedRuns> {
  const running = await deps.db.run.findMany({
    where: { status: 'running' },
    select: { id: true },
    orderBy: { startedAt: 'asc' },
  });
  const ts = deps.clock.now();
  const results = await Promise.allSettled(running.map(({ id }) => interruptRun(deps, id, reason, ts)));
  const outcome: InterruptedRuns = { interrupted: [], repaired: [], failed: [] };
  results.forEach((result, i) => {
    const runId = running[i].id;
    if (result.status === 'fulfilled') outcome[result.value].push(runId);
    else outcome.failed.push({ runId, error: result.reason });
  });
  return outcome;
}

/** Folds the run's events (unless their fold is given) and copies the summary into its Run row. */
export async function writeRunSummary(db: PrismaClient, runId: string, folded?: RunSummary): Promise<RunSummary> {
  const summary = folded ?? foldRunSummary(await loadEvents(db, runId));
  await db.run.update({
    where: { id: runId },
    data: {
      ...(summary.status === 'running' ? {} : { status: summary.status, outcome: summary.outcome }),
      finishedAt: summary.finishedAt === null ? null : new Date(summary.finishedAt),
      durationMs: summary.durationMs === null ? null : Math.round(summary.durationMs),
      eventCount: summary.events,
      stepCount: summary.modelSteps,
      toolCallCount: summary.toolCalls,
      errorCount: summary.errors,
      faultCount: summary.faults,
      inputTokens: Math.round(summary.inputTokens),
      outputTokens: Math.round(summary.outputTokens),
      costUsd: summary.costUsd,
    },
  });
  return summary;
}

async function runStartTs(db: PrismaClient, runId: string): Promise<number> {
  const [run, started] = await Promise.all([
    db.run.findUnique({ where: { id: runId }, select: { startedAt: true } }),
    db.traceEvent.findFirst({ where: { runId, type: 'run.started' }, select: { ts: true } }),
  ]);
  if (!run) throw new RecorderError('run_not_found', runId, `run ${runId} does not exist`);
  return started?.ts ?? run.startedAt.getTime();
}
