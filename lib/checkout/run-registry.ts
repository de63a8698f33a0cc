import type { RunResult } from './run-checkout';
import { registerLiveRun, type LiveRunControls } from './live-runs';
import type { RunLeases } from './run-leases';

const REGISTRY_KEY = Symbol.for('agent-checkout.run-registry');
interface Registry {
  /** Every run this process will execute or is executing: its end. */
  runs: Map<string, Promise<RunResult>>;
  /** Those already executing (started, or resumed after a stop); the rest wait for a slot. */
  executing: Set<string>;
  /** Since this process started: runs it began from their start, and runs it took up again from their logs. */
  started: number;
  resumed: number;
}
type GlobalWithRuns = typeof globalThis & { [REGISTRY_KEY]?: Registry };

function registry(): Registry {
  const g = globalThis as GlobalWithRuns;
  return (g[REGISTRY_KEY] ??= { runs: new Map(), executing: new Set(), started: 0, resumed: 0 });
}

/** The end of a run this process executes or will execute (queued here for a slot). */
export function runInProgress(runId: string): Promise<RunResult> | undefined {
  return registry().runs.get(runId);
}

/** Runs this process executes or will execute: nothing may pull the store from under them. */
export function runsInProgress(): string[] {
  return [...registry().runs.keys()];
}

/** Runs executing here now: what a mid-run change (fault rules) is recorded in. */
export function runsExecuting(): string[] {
  return [...registry().executing];
}

/** What this process does with runs, for /api/health. */
export function runCounts(): { executing: number; waiting: number; started: number; resumed: number } {
  const { runs, executing, started, resumed } = registry();
  return { executing: executing.size, waiting: runs.size - executing.size, started, resumed };
}

export async function waitForAllRuns(): Promise<void> {
  await Promise.allSettled([...registry().runs.values()]);
}

function forget(runId: string, done: Promise<RunResult>): void {
  const { runs } = registry();
  if (runs.get(runId) === done) runs.delete(runId);
}

/** A run queued in this process for a slot: known from now on, so it counts as going on, and its pace can change. */
export function trackQueuedRun(runId: string, done: Promise<RunResult>, controls: LiveRunControls): void {
  registry().runs.set(runId, done);
  const unregister = registerLiveRun(runId, controls);
  const letGo = () => {
    forget(runId, done);
    unregister();
  };
  done.then(letGo, letGo);
}

/**
 * Keeps a run executing here in the registry and its live controls (pace, own rules) reachable
 * until it ends; then lets go of its lease, so another instance never mistakes it for a dead one's
 * while it goes on, and is free to take it once it is over.
 */
export function trackRun(
  runId: string,
  done: Promise<RunResult>,
  hold: { leases: RunLeases; controls: LiveRunControls; resumed?: boolean },
): void {
  const state = registry();
  const { runs, executing } = state;
  if (hold.resumed) state.resumed++;
  else state.started++;
  if (!runs.has(runId)) runs.set(runId, done);
  executing.add(runId);
  const unregister = registerLiveRun(runId, hold.controls);
  const letGo = () => {
    executing.delete(runId);
    forget(runId, done);
    unregister();
    hold.leases
      .release(runId)
      .catch((error: unknown) => console.error(`[run ${runId}] its lease could not be released`, error));
  };
  done.then(letGo, (error: unknown) => {
    letGo();
    console.error(`[run ${runId}] failed to record its end`, error);
  });
}
