import type { BatchOutcomeKind } from '@/lib/chaos/batch-outcome';
import type { BatchStatus } from '../api/chaos';

/** How each kind reads in the batch table (the kinds come from the API, see lib/chaos/batch-outcome.ts). */
export const OUTCOME_LABEL: Record<BatchOutcomeKind, string> = {
  running: 'running',
  placed: 'order placed',
  placed_needs_review: 'order placed (needs review)',
  failed_cleanly: 'order failed cleanly',
  failed_needs_review: 'order failed (needs review)',
  interrupted: 'interrupted',
};

export interface OutcomeRow {
  kind: BatchOutcomeKind;
  label: string;
  /** One run's own outcome text, shown on hover. */
  example: string;
  agents: number;
  orchestrator: number;
}

/** Outcome kind → count per mode, most frequent first: what the batch did, at a glance. */
export function outcomeTable(runs: BatchStatus['runs']): OutcomeRow[] {
  const rows = new Map<BatchOutcomeKind, OutcomeRow>();
  for (const run of runs) {
    if (run.outcomeKind === 'running') continue;
    const row = rows.get(run.outcomeKind) ?? {
      kind: run.outcomeKind,
      label: OUTCOME_LABEL[run.outcomeKind],
      example: run.outcome ?? '',
      agents: 0,
      orchestrator: 0,
    };
    if (run.mode === 'orchestrator') row.orchestrator += 1;
    else row.agents += 1;
    rows.set(run.outcomeKind, row);
  }
  return [...rows.values()].sort(
    (a, b) => b.agents + b.orchestrator - (a.agents + a.orchestrator) || a.label.localeCompare(b.label),
  );
}

/** Succeeded / finished per mode. */
export function modeScores(runs: BatchStatus['runs']): { mode: string; succeeded: number; finished: number }[] {
  const modes = [...new Set(runs.map((r) => r.mode))].sort();
  return modes.map((mode) => {
    const mine = runs.filter((r) => r.mode === mode && r.status !== 'running');
    return { mode, succeeded: mine.filter((r) => r.status === 'succeeded').length, finished: mine.length };
  });
}
