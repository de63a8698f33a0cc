import type { ByMode, ScorecardReport } from '../api/scorecards';

/** How the scorecard panel reads a report: shares, which mode did better, kinds in a stable order. */

export type Measure = 'goalReached' | 'recovered' | 'failedSafely' | 'violated' | 'passK' | 'safeK';

/**
 * higherIsBetter null: not a contest. Failing safely is good only beside not reaching the goal, so a
 * mode that fails safely more often has not done better than one that placed the orders.
 */
export const MEASURES: { key: Measure; label: string; higherIsBetter: boolean | null; title: string }[] = [
  { key: 'goalReached', label: 'goal', higherIsBetter: true, title: 'the order was placed' },
  {
    key: 'recovered',
    label: 'recovered',
    higherIsBetter: true,
    title: 'placed although a fault got in the way (latency alone does not count)',
  },
  {
    key: 'failedSafely',
    label: 'failed safely',
    higherIsBetter: null,
    title: 'not placed, and every hold released, nothing charged',
  },
  {
    key: 'violated',
    label: 'violated',
    higherIsBetter: false,
    title: 'a business invariant broke (stock, capture, label, charge)',
  },
  {
    key: 'passK',
    label: 'pass^k',
    higherIsBetter: true,
    title:
      'all k trials of the order reached a correct end (τ-bench): placed if any trial of either mode could place it under this schedule, else failed safely',
  },
  {
    key: 'safeK',
    label: 'safe^k',
    higherIsBetter: true,
    title: 'all k trials of the order ended consistent, placed or not',
  },
];

/** A share as a whole percentage, or null when there is nothing to divide. */
export function share(n: number, of: number): number | null {
  return of === 0 ? null : Math.round((100 * n) / of);
}

export const formatShare = (n: number, of: number): string => {
  const s = share(n, of);
  return s === null ? '—' : `${s}%`;
};

/** Which mode did better on a measure (by share), or null on a tie, without orders, or where it is not a contest. */
export function better(
  scores: ByMode,
  measure: Measure,
  higherIsBetter: boolean | null,
): 'agents' | 'orchestrator' | null {
  if (higherIsBetter === null) return null;
  const a = share(scores.agents[measure], scores.agents.orders);
  const o = share(scores.orchestrator[measure], scores.orchestrator.orders);
  if (a === null || o === null || a === o) return null;
  return a > o === higherIsBetter ? 'agents' : 'orchestrator';
}

/** The fault kinds of a report, alphabetically, with the orders no fault touched ("none") last. */
export function kindRows(report: ScorecardReport): { kind: string; scores: ByMode }[] {
  return Object.keys(report.results.byKind)
    .sort((a, b) => (a === 'none' ? 1 : b === 'none' ? -1 : a.localeCompare(b)))
    .map((kind) => ({ kind, scores: report.results.byKind[kind] }));
}

/** Trials a scorecard runs: orders × k, through both modes. */
export const trialCount = (orders: number, k: number) => orders * k * 2;

export interface ScoreInputErrors {
  orders?: string;
  seed?: string;
  k?: string;
}

/** The form's text → the request, or what is wrong with each field (the route's own limits). */
export function parseScorecardForm(form: {
  orders: string;
  seed: string;
  k: string;
  profile: string;
}):
  | { ok: true; input: { orders: number; seed?: number; k: number; profile: string } }
  | { ok: false; errors: ScoreInputErrors } {
  const errors: ScoreInputErrors = {};
  const whole = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text) : NaN);
  const orders = whole(form.orders);
  const k = whole(form.k);
  const seed = form.seed.trim() === '' ? undefined : whole(form.seed);
  if (!(orders >= 1 && orders <= 50)) errors.orders = 'a whole number from 1 to 50';
  if (!(k >= 1 && k <= 5)) errors.k = 'a whole number from 1 to 5';
  if (seed !== undefined && !(seed >= 0 && seed <= 2 ** 31 - 1)) errors.seed = 'a whole number from 0';
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, input: { orders, k, profile: form.profile || 'random', ...(seed !== undefined ? { seed } : {}) } };
}
