import type { PrismaClient } from '@/lib/db/client';
import type { AgentModel } from '@/lib/agents/run-context';
import type { AgentName } from '@/lib/protocol/agents';
import { ModelRecord, recordedSteps } from '@/lib/replay/recorded-model';
import type { Clock } from '@/lib/runtime/clock';
import { createPacer } from '@/lib/runtime/pace';
import { loadEvents } from '@/lib/trace/event-log';
import { ROOT_SPAN_ID, type TraceEvent, type TraceEventOf } from '@/lib/trace/events';
import { RUN_MODES, type RunMode } from './order-request';
import { ReplayedLog, servedResults, type ServedResults } from './replayed-log';
import { executeRun, type CheckoutServices, type RunResult } from './run-checkout';
import type { RunLeases } from './run-leases';
import { trackRun } from './run-registry';
import { ownRulesOf, withOwnRules } from './own-rules';

/** A run that keeps stopping its process is settled after this many resumes, not taken up forever. */
export const MAX_RESUMES = 2;

interface RunRow {
  id: string;
  source: string;
  status: string;
  mode: string;
  model: string;
  seed: number;
  orderId: string | null;
  parentRunId: string | null;
  startedAt: Date;
}

export interface ResumePlan {
  run: RunRow & { orderId: string; mode: RunMode };
  events: TraceEvent[];
  started: TraceEventOf<'run.started'>;
  served: ServedResults;
  attempt: number;
}

/**
 * Whether a run a stopped process left going can be taken up from its log, and how; else why not
 * (the caller then settles it, as start-up recovery always did). It can when the log holds its start
 * and it had not begun to end: once the harness was settling its order, or when it was a re-run in a
 * sandbox that died with the process, there is nothing to continue.
 */
export function resumePlan(run: RunRow, events: TraceEvent[]): ResumePlan | { why: string } {
  if (run.source !== 'local') return { why: "another agent system's trace, ingested: not ours to run" };
  if (run.parentRunId) return { why: 'a re-run or fork, whose sandbox went with the process' };
  if (run.status !== 'running') return { why: `it is ${run.status}` };
  const mode = RUN_MODES.find((m) => m === run.mode);
  if (!run.orderId || !mode) return { why: 'it has no order of its own' };
  const started = events.find((e): e is TraceEventOf<'run.started'> => e.type === 'run.started');
  if (!started) return { why: 'its start was never recorded' };
  if (events.some((e) => e.type === 'settlement.started' || e.type === 'run.finished' || e.type === 'run.interrupted'))
    return { why: 'it had already begun to end' };
  const attempt = events.filter((e) => e.type === 'run.resumed').length + 1;
  if (attempt > MAX_RESUMES) return { why: `it was resumed ${MAX_RESUMES} times already, and stopped again` };
  return {
    run: { ...run, orderId: run.orderId, mode },
    events,
    started,
    served: servedResults(events),
    attempt,
  };
}

export async function loadResumePlan(db: PrismaClient, runId: string): Promise<ResumePlan | { why: string }> {
  const run = await db.run.findUnique({
    where: { id: runId },
    select: {
      id: true,
      source: true,
      status: true,
      mode: true,
      model: true,
      seed: true,
      orderId: true,
      parentRunId: true,
      startedAt: true,
    },
  });
  if (!run) return { why: 'no such run' };
  return resumePlan(run, await loadEvents(db, runId));
}

/**
 * Takes up a run a stopped process left going, here, from its log: `run.resumed` is recorded, the
 * run is executed again from its start by the same code as any run, its model replies served from
 * the record and every service call that was answered served its recorded answer (nothing is done
 * twice, nothing recorded twice: ReplayedLog), and from the first step the log does not hold it runs
 * live, with the models and rules in force now, to its normal end (settlement included). A call that
 * was in flight is made again under the same idempotency key or call key, so it takes effect once.
 *
 * The caller holds the run's lease; it is released when the run ends. Time: the run's own clock
 * (RunClock) restarts at the run's start and moves by the waits the replay goes through again, which
 * take no wall time while replaying; injected latencies inside served calls are not waited again.
 */
export async function resumeRun(
  rt: CheckoutServices,
  plan: ResumePlan,
  leases: RunLeases,
  reason: string,
): Promise<{ runId: string; done: Promise<RunResult> }> {
  const { run, started, served, events } = plan;
  await rt.recorder.append(run.id, {
    type: 'run.resumed',
    spanId: ROOT_SPAN_ID,
    parentSpanId: null,
    agent: null,
    data: { reason, replayedEvents: events.length, inFlightCalls: served.inFlight, attempt: plan.attempt },
  });
  const log = new ReplayedLog(rt.recorder, events, served);
  const record = new ModelRecord(recordedSteps(events));
  const modelFor = (agent: AgentName): AgentModel => {
    const live = rt.modelFor(agent);
    const label = started.data.models?.[agent] ?? run.model;
    return { model: record.modelFor(agent, live.model, label), label, cost: live.cost, streams: false };
  };
  const preset = started.data.faultPreset;
  const { runtime, ownRules } = withOwnRules(
    {
      ...rt,
      recorder: log,
      clock: replayingClock(rt.clock, log),
      modelFor,
      live: undefined,
      overrideToolResult: (toolCallId) => served.results.get(toolCallId),
    },
    ownRulesOf(run.orderId, preset, run.startedAt.getTime()),
  );
  const pacer = createPacer(rt.clock, run.seed, 'instant');
  const done = executeRun(runtime, {
    runId: run.id,
    orderId: run.orderId,
    mode: run.mode,
    model: run.model,
    seed: run.seed,
    faultRules: started.data.faultRules,
    faultPreset: preset,
    pacer,
    // Ids minted from here on are new ones: the ones the replay does not mint again (served calls) stay taken.
    idNamespace: `${run.id}.r${plan.attempt}`,
    startedAt: run.startedAt.getTime(),
  });
  trackRun(run.id, done, { leases, resumed: true, controls: { pacer, ownFaultRules: () => ownRules.rules() } });
  return { runId: run.id, done };
}

/** The pace clock of a resumed run: what the replay waits again (backoffs, retry-afters) takes no wall time. */
function replayingClock(clock: Clock, log: ReplayedLog): Clock {
  return {
    now: () => clock.now(),
    sleep: (ms) => (log.replaying ? Promise.resolve() : clock.sleep(ms)),
  };
}
