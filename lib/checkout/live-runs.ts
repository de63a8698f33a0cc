import type { FaultRule } from '@/lib/faults/rule-schema';
import type { Pace, Pacer } from '@/lib/runtime/pace';

/**
 * What can still be changed, or must still be read, about a run going on in this process: its pace
 * (the run page's control) and the fault rules only it lives under (an order's own preset), which
 * a mid-run rule change records beside the store's. Process-wide, like the run registry.
 */
export interface LiveRunControls {
  pacer: Pacer;
  /** The order's own rules with their counters as of now; empty when it has none. */
  ownFaultRules(): FaultRule[];
}

const KEY = Symbol.for('agent-checkout.live-run-controls');
type GlobalWithControls = typeof globalThis & { [KEY]?: Map<string, LiveRunControls> };

function controls(): Map<string, LiveRunControls> {
  const g = globalThis as GlobalWithControls;
  return (g[KEY] ??= new Map());
}

export function registerLiveRun(runId: string, live: LiveRunControls): () => void {
  controls().set(runId, live);
  // Only its own registration: a queued run's is replaced by its execution's, which outlives it.
  return () => {
    if (controls().get(runId) === live) controls().delete(runId);
  };
}

export function liveRunControls(runId: string): LiveRunControls | undefined {
  return controls().get(runId);
}

/** Changes a running run's pace from its next model step or service call on; false when the run is not going on here. */
export function setLiveRunPace(runId: string, pace: Pace): boolean {
  const live = controls().get(runId);
  if (!live) return false;
  live.pacer.setPace(pace);
  return true;
}
