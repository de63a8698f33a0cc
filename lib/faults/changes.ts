/**
 * Tells listeners (the run recorder, in the app) that the rules changed, so a run can
 * record every change it lived through. Process-wide, on globalThis, because Next may
 * load this module once per route bundle.
 */

export interface FaultRulesChange {
  action: 'created' | 'updated' | 'deleted' | 'cleared' | 'preset_applied';
  ruleIds: string[];
  /** Clock time of the change, in ms since the epoch. */
  at: number;
  preset?: string;
}

export type FaultRulesListener = (change: FaultRulesChange) => void;

const KEY = Symbol.for('agent-checkout.fault-rule-listeners');
type GlobalWithListeners = typeof globalThis & { [KEY]?: Set<FaultRulesListener> };

function listeners(): Set<FaultRulesListener> {
  const g = globalThis as GlobalWithListeners;
  g[KEY] ??= new Set();
  return g[KEY];
}

/** Returns the unsubscribe function. */
export function onFaultRulesChanged(listener: FaultRulesListener): () => void {
  listeners().add(listener);
  return () => listeners().delete(listener);
}

export function announceFaultRulesChange(change: FaultRulesChange): void {
  for (const listener of listeners()) listener(change);
}
