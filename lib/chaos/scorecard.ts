import { z } from 'zod';
import type { PrismaClient } from '@/lib/db/client';
import type { RunMode } from '@/lib/checkout/order-request';
import type { AgentModel } from '@/lib/agents/run-context';
import { FAULT_PRESETS, presetRuleFields } from '@/lib/faults/presets';
import type { FaultRule } from '@/lib/faults/rule-schema';
import type { AgentName } from '@/lib/protocol/agents';
import type { ModeScore } from '@/lib/wire/chaos';
import { randomFaultSchedule } from './random-fault-rules';
import { randomOrders } from './random-orders';
import type { TrialOrder, TrialUnit } from './trial';
import { runTrials, type TrialPoolOptions } from './trial-pool';

/**
 * The chaos scorecard: N seeded orders, each under its own fault schedule, run k times by
 * the agents and k times by the classic orchestrator, each trial in a fresh demo store.
 * Per fault kind that fired: how often the goal was reached, how often after a fault that got
 * in the way (recovered), how often the order failed safely, how often an invariant broke, and
 * pass^k as in τ-bench: the order counts only if all k trials reached a correct end state.
 *
 * A correct end is consistent (no invariant broken) and as good as the schedule allowed: placed,
 * if any trial of either mode placed that order under that schedule (so it could be done);
 * failed safely, if none could. safe^k is the weaker figure: all k trials ended consistent.
 */

export const scorecardRequestSchema = z
  .object({
    orders: z.number().int().min(1).max(200),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(1),
    k: z.number().int().min(1).max(5).default(3),
    /** 'random': a seeded random schedule per order; or a preset id for every order. */
    profile: z.string().trim().min(1).max(60).default('random'),
  })
  .strict();
export type ScorecardRequest = z.infer<typeof scorecardRequestSchema>;

/** Order-trials a scorecard runs: each order k times in each of the two modes. */
export function trialCount(request: Pick<ScorecardRequest, 'orders' | 'k'>): number {
  return request.orders * request.k * 2;
}

/** One mode's score on a set of orders, as the scorecards API sends it (lib/wire/chaos.ts). */
export type { ModeScore } from '@/lib/wire/chaos';

export interface Scorecard {
  seed: number;
  orders: number;
  k: number;
  profile: string;
  model: string;
  /** Per fault kind that fired ("none" for orders no fault touched). */
  byKind: Record<string, Record<RunMode, ModeScore>>;
  totals: Record<RunMode, ModeScore>;
  durationMs: number;
  /** How many threads ran the trials (1 where workers cannot start: see lib/chaos/trial-pool.ts). */
  threads: number;
  /** With `digestTraces`: each trial's trace digest, agents' k trials then the orchestrator's (not kept). */
  traceDigests?: string[];
}

const emptyScore = (): ModeScore => ({
  orders: 0,
  goalReached: 0,
  recovered: 0,
  failedSafely: 0,
  violated: 0,
  passK: 0,
  safeK: 0,
});

/** Faults that only slow a call down: reaching the goal after one of these is no recovery. */
const HARMLESS_KINDS = new Set(['latency']);

function scheduleFor(profile: string, seed: number, index: number): FaultRule[] {
  if (profile === 'random') return randomFaultSchedule(seed * 1000 + index);
  const preset = FAULT_PRESETS.find((p) => p.id === profile);
  if (!preset) throw new Error(`No fault profile named "${profile}".`);
  return presetRuleFields(preset).map((fields, i) => ({
    ...fields,
    id: `${profile}_${i}`,
    hitCount: 0,
    evalCount: 0,
    createdAt: new Date(0),
    updatedAt: new Date(0),
  }));
}

/** One mode's k trials of one order, and whether the order could be placed under its schedule. */
function tally(score: ModeScore, trials: TrialOrder[], placeable: boolean): void {
  const first = trials[0];
  score.orders++;
  if (first.placed) score.goalReached++;
  if (first.placed && first.kinds.some((kind) => !HARMLESS_KINDS.has(kind))) score.recovered++;
  if (!first.placed && first.consistent) score.failedSafely++;
  if (!first.consistent) score.violated++;
  if (trials.every((t) => t.consistent && t.placed === placeable)) score.passK++;
  if (trials.every((t) => t.consistent)) score.safeK++;
}

export interface ScorecardProgress {
  /** Orders run so far, over every trial of both modes. */
  done: number;
  total: number;
}

export interface ScorecardOptions extends Omit<TrialPoolOptions, 'onOrderDone'> {
  /** Called after each order of each trial. */
  onProgress?: (progress: ScorecardProgress) => void;
  /** Also return a digest of each trial's whole trace (checks that parallelism changes nothing). */
  digestTraces?: boolean;
}

export async function runScorecard(
  request: ScorecardRequest,
  models: { modelFor: (agent: AgentName) => AgentModel; label: string },
  seedStore: PrismaClient,
  options: ScorecardOptions = {},
): Promise<Scorecard> {
  const started = Date.now();
  const orders = await randomOrders(seedStore, request.seed, request.orders);
  const schedules = orders.map((_, i) => scheduleFor(request.profile, request.seed, i));
  const byKind: Scorecard['byKind'] = {};
  const totals = { agents: emptyScore(), orchestrator: emptyScore() };
  // Every trial is its own unit of work (own store, clock, ids): they run in parallel and come back in this order.
  const units: TrialUnit[] = (['agents', 'orchestrator'] as const).flatMap((mode) =>
    Array.from({ length: request.k }, () => ({ mode, orders, schedules, digest: options.digestTraces })),
  );
  const total = units.length * orders.length;
  let done = 0;
  const { outcomes, threads } = await runTrials(units, models, {
    ...options,
    onOrderDone: () => options.onProgress?.({ done: ++done, total }),
  });
  const trials: Record<RunMode, TrialOrder[][]> = {
    agents: outcomes.slice(0, request.k).map((o) => o.orders),
    orchestrator: outcomes.slice(request.k).map((o) => o.orders),
  };
  orders.forEach((_, i) => {
    // An order counts under every fault kind that fired for it in either mode: both faced the same schedule.
    const kinds = [...new Set([...trials.agents[0][i].kinds, ...trials.orchestrator[0][i].kinds])].sort();
    const ofOrder = (mode: RunMode) => trials[mode].map((trial) => trial[i]);
    const placeable = [...ofOrder('agents'), ...ofOrder('orchestrator')].some((t) => t.placed && t.consistent);
    for (const mode of ['agents', 'orchestrator'] as const) {
      for (const kind of kinds.length ? kinds : ['none']) {
        byKind[kind] ??= { agents: emptyScore(), orchestrator: emptyScore() };
        tally(byKind[kind][mode], ofOrder(mode), placeable);
      }
      tally(totals[mode], ofOrder(mode), placeable);
    }
  });
  const card: Scorecard = {
    seed: request.seed,
    orders: request.orders,
    k: request.k,
    profile: request.profile,
    model: models.label,
    byKind,
    totals,
    durationMs: Date.now() - started,
    threads,
  };
  if (options.digestTraces) card.traceDigests = outcomes.map((o) => o.traceDigest ?? '');
  return card;
}

/** Keeps a scorecard, so one can see over time whether prompts, models or the planner made things better. */
export async function saveScorecard(db: PrismaClient, card: Scorecard) {
  return db.chaosReport.create({
    data: {
      seed: card.seed,
      orders: card.orders,
      k: card.k,
      model: card.model,
      profile: card.profile,
      results: JSON.stringify({
        byKind: card.byKind,
        totals: card.totals,
        durationMs: card.durationMs,
        threads: card.threads,
      }),
    },
  });
}

const pct = (n: number, of: number) => (of === 0 ? '   -' : `${String(Math.round((100 * n) / of)).padStart(3)}%`);

/** The scorecard as a text table (the CLI prints it). */
export function formatScorecard(card: Scorecard): string {
  const header = `fault kind            | mode         | orders | goal | recovered | failed safely | violated | pass^${card.k} | safe^${card.k}`;
  const lines = [header, '-'.repeat(header.length)];
  const row = (kind: string, mode: RunMode, s: ModeScore) =>
    `${kind.padEnd(21)} | ${mode.padEnd(12)} | ${String(s.orders).padStart(6)} | ${pct(s.goalReached, s.orders)} | ${pct(s.recovered, s.orders).padStart(9)} | ${pct(s.failedSafely, s.orders).padStart(13)} | ${pct(s.violated, s.orders).padStart(8)} | ${pct(s.passK, s.orders).padStart(6)} | ${pct(s.safeK, s.orders).padStart(6)}`;
  for (const kind of Object.keys(card.byKind).sort())
    for (const mode of ['agents', 'orchestrator'] as const) lines.push(row(kind, mode, card.byKind[kind][mode]));
  lines.push('-'.repeat(header.length));
  for (const mode of ['agents', 'orchestrator'] as const) lines.push(row('ALL ORDERS', mode, card.totals[mode]));
  return lines.join('\n');
}
