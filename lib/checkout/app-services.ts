import { getDb, type PrismaClient } from '@/lib/db/client';
import { applyFaultPreset } from '@/lib/faults/presets';
import { onFaultRulesChanged } from '@/lib/faults/changes';
import { faultRulesInForce } from '@/lib/faults/rules';
import { readModelCallSettings } from '@/lib/models/call-settings';
import { resolveAgentModel } from '@/lib/models/language-models';
import type { AgentName } from '@/lib/protocol/agents';
import { systemClock, type Clock } from '@/lib/runtime/clock';
import { getRecorder, RecorderError } from '@/lib/trace/recorder';
import { getLiveTextHub, type LiveTextHub } from '@/lib/trace/live-text';
import type { LiveChannel } from '@/lib/agents/run-context';
import type { TraceAppender } from '@/lib/trace/recorder';
import { finishRun } from '@/lib/trace/runs';
import type { AgentModel } from '@/lib/agents/run-context';
import type { RunMode } from './order-request';
import type { CheckoutServices, RunRecorder } from './run-checkout';
import { liveRunControls } from './live-runs';
import { runsExecuting } from './run-registry';

/** Applies a named fault preset; false when there is no such preset. */
export type FaultPresetApplier = (preset: string) => Promise<boolean>;

export type AppServices = CheckoutServices & { modelLabel(mode: RunMode): string; applyPreset: FaultPresetApplier };

/** The recorder as a run sees it: appends, and the run's end with its summary. */
export function runRecorder(db: PrismaClient, recorder: TraceAppender, clock: Clock): RunRecorder {
  return {
    append: (runId, event) => recorder.append(runId, event),
    finishRun: (runId, end) => finishRun({ db, recorder, clock }, runId, end),
    beginsEmpty: (runId) => recorder.beginsEmpty?.(runId),
  };
}

/** Model text as it streams, to whoever watches the run live. */
export function liveTextChannel(hub: LiveTextHub): LiveChannel {
  return {
    modelDelta: (delta) => hub.push(delta),
    stepEnded: (runId, agentSpanId, step) => hub.endStep(runId, agentSpanId, step),
  };
}

/** Each agent's model, resolved once from the environment. */
export function modelsFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): (agent: AgentName) => AgentModel {
  const cache = new Map<AgentName, AgentModel>();
  return (agent) => {
    let model = cache.get(agent);
    if (!model) cache.set(agent, (model = resolveAgentModel(agent, env)));
    return model;
  };
}

const KEY = Symbol.for('agent-checkout.checkout-runtime');
type GlobalWithServices = typeof globalThis & { [KEY]?: Promise<AppServices> };

/**
 * The app's services: the process-wide database and recorder, the system clock, models from
 * the environment. A change of fault rules mid-run is recorded in every running run.
 */
export function getAppServices(): Promise<AppServices> {
  const g = globalThis as GlobalWithServices;
  g[KEY] ??= (async () => {
    const [db, recorder] = await Promise.all([getDb(), getRecorder()]);
    const modelFor = modelsFromEnv();
    const runtime: AppServices = {
      db,
      clock: systemClock,
      modelFor,
      modelSettings: readModelCallSettings(),
      live: liveTextChannel(getLiveTextHub()),
      recorder: runRecorder(db, recorder, systemClock),
      modelLabel: (mode) => (mode === 'orchestrator' ? 'orchestrator' : modelFor('CheckoutAgent').label),
      applyPreset: async (preset) => (await applyFaultPreset(db, { preset })).ok,
    };
    onFaultRulesChanged(() => {
      recordFaultChange(db, recorder).catch((error: unknown) =>
        console.error('[faults] could not record a rule change in the running runs', error),
      );
    });
    return runtime;
  })().catch((error: unknown) => {
    delete g[KEY];
    throw error;
  });
  return g[KEY];
}

async function recordFaultChange(db: PrismaClient, recorder: TraceAppender): Promise<void> {
  const running = runsExecuting();
  if (running.length === 0) return;
  const rules = await faultRulesInForce(db);
  const inForce = (runId: string) =>
    [...rules, ...(liveRunControls(runId)?.ownFaultRules() ?? [])].map(
      ({ createdAt: _c, updatedAt: _u, ...rule }) => rule,
    );
  // A run with rules of its own (an order's preset) lives under the store's and its own: the change records both.
  const results = await Promise.allSettled(
    running.map((runId) =>
      recorder.append(runId, {
        type: 'faults.changed',
        spanId: 'run',
        parentSpanId: null,
        agent: null,
        data: { rules: inForce(runId) },
      }),
    ),
  );
  // A run that ended meanwhile refuses the event (run_closed): nothing lost. Anything else is said.
  results.forEach((result, i) => {
    if (
      result.status === 'rejected' &&
      !(result.reason instanceof RecorderError && result.reason.code === 'run_closed')
    ) {
      console.error(`[run ${running[i]}] could not record a fault rule change`, result.reason);
    }
  });
}
