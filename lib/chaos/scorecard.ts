import { z } from 'zod';
import type { PrismaClient } from '@/lib/db/client';
import { createScratchDatabase } from '@/lib/db/scratch';
import { placeOrder } from '@/lib/checkout/place-order';
import { runRecorder, type AppRuntime } from '@/lib/checkout/runtime';
import { runInProgress } from '@/lib/checkout/start-run';
import type { RunMode } from '@/lib/checkout/order-request';
import type { AgentModel } from '@/lib/agents/run-context';
import { FAULT_PRESETS, presetRuleFields } from '@/lib/faults/presets';
import { createMemoryFaultInjector } from '@/lib/faults/memory-injector';
import type { FaultRule } from '@/lib/faults/rule-schema';
import type { AgentName } from '@/lib/protocol/agents';
import { ManualClock } from '@/lib/runtime/clock';
import { sequentialIds } from '@/lib/runtime/ids';
import { InProcessTraceBus } from '@/lib/trace/bus';
import { TraceRecorder } from '@/lib/trace/recorder';
import { randomFaultSchedule } from './fault-schedule';
import { randomOrders, type RandomOrder } from './random-orders';
import { assessOrder } from '@/lib/checkout/settle-order';

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

export const scorecardRequestSchema = z.object({
  orders: z.number().int().min(1).max(200),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
  k: z.number().int().min(1).max(5).default(3),
  /** 'random': a seeded random schedule per order; or a preset id for every order. */
  profile: z.string().trim().min(1).max(60).default('random'),
}).strict();
export type ScorecardRequest = z.infer<typeof scorecardRequestSchema>;

export interface ModeScore {
  orders: number;
  goalReached: number;
  recovered: number;
  failedSafely: number;
  violated: number;
  /** Orders whose k trials all reached a correct end (see above). */
  passK: number;
  /** Orders whose k trials all ended consistent, placed or not. */
  safeK: number;
}

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
}

const emptyScore = (): ModeScore => ({ orders: 0, goalReached: 0, recovered: 0, failedSafely: 0, violated: 0, passK: 0, safeK: 0 });

/** Faults that only slow a call down: reaching the goal after one of these is no recovery. */
const HARMLESS_KINDS = new Set(['latency']);

function scheduleFor(profile: string, seed: number, index: number): FaultRule[] {
  if (profile === 'random') return randomFaultSchedule(seed * 1000 + index);
  const preset = FAULT_PRESETS.find((p) => p.id === profile);
  if (!preset) throw new Error(`No fault profile named "${profile}".`);
  return presetRuleFields(preset).map((fields, i) => ({ ...fields, id: `${profile}_${i}`, hitCount: 0, evalCount: 0, createdAt: new Date(0), updatedAt: new Date(0) }));
}

interface Trial {
  consistent: boolean;
  placed: boolean;
  kinds: string[];
}

/** One trial: every order in a fresh demo store, each under its own schedule (in memory). */
async function runTrial(mode: RunMode, orders: RandomOrder[], schedules: FaultRule[][], modelFor: (agent: AgentName) => AgentModel, modelLabel: string): Promise<Trial[]> {
  const store = await createScratchDatabase({ seeded: true });
  try {
    const clock = new ManualClock();
    // Nobody searches a trial's throw-away store: no search indexing (nor a pass after it is disposed).
    const recorder = new TraceRecorder({ db: store.db, bus: new InProcessTraceBus(), clock, searchIndexer: null });
    const rt: AppRuntime = {
      db: store.db, clock, ids: sequentialIds(), modelFor, recorder: runRecorder(store.db, recorder, clock),
      modelLabel: () => (mode === 'orchestrator' ? 'orchestrator' : modelLabel), applyPreset: async () => false,
    };
    const trials: Trial[] = [];
    for (const [i, order] of orders.entries()) {
      const faults = createMemoryFaultInjector(schedules[i], clock);
      const [placed] = await placeOrder({ ...rt, services: { faults } }, { ...order, mode, seed: i });
      const result = await runInProgress(placed.runId);
      // Judged on what the run did itself: settlement afterwards gives back what it left, in either mode.
      const state = result?.leftByRun ?? (await assessOrder(store.db, placed.orderId));
      trials.push({
        consistent: state.violations.length === 0,
        placed: state.status === 'placed',
        kinds: [...new Set(faults.rules().filter((r) => r.hitCount > 0).map((r) => r.kind))].sort(),
      });
    }
    return trials;
  } finally {
    await store.dispose();
  }
}

/** One mode's k trials of one order, and whether the order could be placed under its schedule. */
function tally(score: ModeScore, trials: Trial[], placeable: boolean): void {
  const first = trials[0];
  score.orders++;
  if (first.placed) score.goalReached++;
  if (first.placed && first.kinds.some((kind) => !HARMLESS_KINDS.has(kind))) score.recovered++;
  if (!first.placed && first.consistent) score.failedSafely++;
  if (!first.consistent) score.violated++;
  if (trials.every((t) => t.consistent && t.placed === placeable)) score.passK++;
  if (trials.every((t) => t.consistent)) score.safeK++;
}

export async function runScorecard(
  request: ScorecardRequest,
  models: { modelFor: (agent: AgentName) => AgentModel; label: string },
  seedStore: PrismaClient,
): Promise<Scorecard> {
  const started = Date.now();
  const orders = await randomOrders(seedStore, request.seed, request.orders);
  const schedules = orders.map((_, i) => scheduleFor(request.profile, request.seed, i));
  const byKind: Scorecard['byKind'] = {};
  const totals = { agents: emptyScore(), orchestrator: emptyScore() };
  const trials: Record<RunMode, Trial[][]> = { agents: [], orchestrator: [] };
  for (const mode of ['agents', 'orchestrator'] as const) {
    for (let t = 0; t < request.k; t++) trials[mode].push(await runTrial(mode, orders, schedules, models.modelFor, models.label));
  }
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
  return { seed: request.seed, orders: request.orders, k: request.k, profile: request.profile, model: models.label, byKind, totals, durationMs: Date.now() - started };
}

/** Keeps a scorecard, so one can see over time whether prompts, models or the planner made things better. */
export async function saveScorecard(db: PrismaClient, card: Scorecard) {
  return db.chaosReport.create({
    data: { seed: card.seed, orders: card.orders, k: card.k, model: card.model, profile: card.profile, results: JSON.stringify({ byKind: card.byKind, totals: card.totals, durationMs: card.durationMs }) },
  });
}

const pct = (n: number, of: number) => (of === 0 ? '   -' : `${String(Math.round((100 * n) / of)).padStart(3)}%`);

/** The scorecard as a text table (the CLI prints it). */
export function formatScorecard(card: Scorecard): string {
  const header = `fault kind            | mode         | orders | goal | recovered | failed safely | violated | pass^${card.k} | safe^${card.k}`;
  const lines = [header, '-'.repeat(header.length)];
  const row = (kind: string, mode: RunMode, s: ModeScore) =>
    `${kind.padEnd(21)} | ${mode.padEnd(12)} | ${String(s.orders).padStart(6)} | ${pct(s.goalReached, s.orders)} | ${pct(s.recovered, s.orders).padStart(9)} | ${pct(s.failedSafely, s.orders).padStart(13)} | ${pct(s.violated, s.orders).padStart(8)} | ${pct(s.passK, s.orders).padStart(6)} | ${pct(s.safeK, s.orders).padStart(6)}`;
  for (const kind of Object.keys(card.byKind).sort()) for (const mode of ['agents', 'orchestrator'] as const) lines.push(row(kind, mode, card.byKind[kind][mode]));
  lines.push('-'.repeat(header.length));
  for (const mode of ['agents', 'orchestrator'] as const) lines.push(row('ALL ORDERS', mode, card.totals[mode]));
  return lines.join('\n');
}
