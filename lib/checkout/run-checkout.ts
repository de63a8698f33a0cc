import type { PrismaClient } from '@/lib/db/client';
import { runAgent } from '@/lib/agents/agent-loop';
import { checkoutAgent } from '@/lib/agents/checkout-agent';
import {
  spanIdGenerator,
  type AgentModel,
  type LiveChannel,
  type RunContext,
  type TraceSink,
} from '@/lib/agents/run-context';
import { runClassicCheckout } from '@/lib/orchestrator/order-service';
import { WriteBehindSink } from '@/lib/trace/write-behind';
import { AGENT_NAMES, type AgentName } from '@/lib/protocol/agents';
import { DEFAULT_MODEL_CALL_SETTINGS, type ModelCallSettings } from '@/lib/models/call-settings';
import { withJsonBlock } from '@/lib/protocol/json-in-text';
import type { CheckoutGoal } from '@/lib/protocol/tasks';
import { RunClock, type Clock } from '@/lib/runtime/clock';
import type { Pacer } from '@/lib/runtime/pace';
import { sequentialIds, type IdGenerator } from '@/lib/runtime/ids';
import { formatMoney } from '@/lib/protocol/money';
import { prismaOwnershipReader } from '@/lib/guard/ownership-reader';
import type { RunGuard } from '@/lib/guard/run-scope';
import { createServices } from '@/lib/services';
import type { FaultInjector } from '@/lib/faults/injector';
import type { FaultReporter } from '@/lib/services/types';
import type { RunMode } from './order-request';
import { trackServiceCalls } from './in-flight';
import { settleOrder, type FinalOrderState } from './settle-order';
import { settleOrderHoldings, type SettlementResult } from './settlement';

/** How a run ends up in the trace: appended events, and a summary when it is over. */
export interface RunRecorder extends TraceSink {
  finishRun(runId: string, end: { status: 'succeeded' | 'failed'; outcome: string; order?: unknown }): Promise<unknown>;
  /** The run's row was just read as running, its log as empty: see TraceAppender.beginsEmpty. */
  beginsEmpty?(runId: string): void;
}

/**
 * Everything a checkout run is given: its database, recorder, clock, ids and models (lib/runtime is the
 * run's own world inside these: clock, ids, randomness, pace).
 */
export interface CheckoutServices {
  db: PrismaClient;
  recorder: RunRecorder;
  clock: Clock;
  /** Mints run and order ids (random by default); the services mint theirs per run (see ExecuteRunInput.idNamespace). */
  ids?: IdGenerator;
  modelFor(agent: AgentName): AgentModel;
  /** Service options (fault injector, new-card delay); the DB's fault rules by default. */
  services?: { faults?: FaultInjector; newCardDelayMs?: number };
  limits?: { steps: number; timeBudgetMs: number };
  /** How model calls are made (AI_* variables); the defaults when absent. */
  modelSettings?: ModelCallSettings;
  /** Live-only signals (model text as it streams) for the run page. */
  live?: LiveChannel;
  /**
   * Tool results served instead of running the tool: a person's edit (edit-and-continue, agents only),
   * or a resumed run's recorded results (agents and orchestrator).
   */
  overrideToolResult?(toolCallId: string): unknown;
}

/** Each agent's step limit; its time budget is the run budget (AI_RUN_BUDGET_MS). */
export const DEFAULT_STEP_LIMIT = 30;

/** Every agent's model, as the run records it: the mix AI_MODEL_<AGENT> makes. */
export function agentModels(rt: Pick<CheckoutServices, 'modelFor'>): Record<AgentName, string> {
  return Object.fromEntries(AGENT_NAMES.map((agent) => [agent, rt.modelFor(agent).label])) as Record<AgentName, string>;
}

export interface RunResult {
  runId: string;
  status: 'succeeded' | 'failed';
  outcome: string;
  /** The order's final state, after settlement. */
  order: FinalOrderState;
  /** The order as the run itself left it, before settlement gave anything back (what the chaos scorecard judges). */
  leftByRun: FinalOrderState;
}

/** The settlement span of a run that ends normally (one recovered after a crash gets `settlement-<n>`). */
export const RUN_END_SETTLEMENT_SPAN = 'settlement-1';

export function goalPrompt(goal: CheckoutGoal): string {
  const total = formatMoney(goal.amountCents, goal.currency);
  const items = goal.items.map((i) => `${i.quantity} × ${i.sku}`).join(', ');
  return withJsonBlock(
    `Complete customer ${goal.customerId}'s purchase of order ${goal.orderId} (${items}; total ${total}).`,
    'goal',
    goal,
  );
}

/** The reporter a run gives its services: an injected fault becomes a fault.injected event on the tool span where it fired. */
function faultReporter(runId: string, trace: TraceSink): FaultReporter {
  return {
    faultInjected: async (report, span) => {
      await trace.append(runId, {
        type: 'fault.injected',
        spanId: span?.spanId ?? 'run',
        parentSpanId: null,
        agent: span?.agent ?? null,
        data: { ...report, toolCallId: span?.toolCallId },
      });
    },
  };
}

/**
 * Runs one checkout to its end, agents or orchestrator, on a Run row that already
 * exists: run.started, the work, the order settled from what the services did,
 * run.finished with the summary. Never throws for a business failure.
 */
export interface ExecuteRunInput {
  runId: string;
  orderId: string;
  mode: RunMode;
  model: string;
  seed: number;
  faultRules: unknown[];
  /** The preset this order's own rules came from (they are in faultRules); recorded, and passed on by re-runs. */
  faultPreset?: string;
  /** How fast the run goes for a person watching; instant when absent (re-runs, tests). Recorded as run.started's pace. */
  pacer?: Pacer;
  /** Ids the services mint are `<prefix>_<namespace><n>`: per run, so a re-run of it mints the same ones. Default: the run id. */
  idNamespace?: string;
  /** Where the run's own time starts (the Run's startedAt; a re-run passes its parent's). Default: now on rt.clock. */
  startedAt?: number;
}

export async function executeRun(rt: CheckoutServices, input: ExecuteRunInput): Promise<RunResult> {
  const { db, recorder, clock } = rt;
  const order = await db.order.findUniqueOrThrow({
    where: { id: input.orderId },
    include: { items: true, customer: { select: { email: true, phone: true } } },
  });
  const goal: CheckoutGoal = {
    goal: 'complete_order',
    orderId: order.id,
    customerId: order.customerId,
    amountCents: order.totalCents,
    currency: order.currency,
    items: order.items.map((i) => ({ sku: i.sku, quantity: i.quantity })),
    contact: { email: order.customer.email, phone: order.customer.phone },
  };
  const nextSpanId = spanIdGenerator();
  const ids = sequentialIds(`${input.idNamespace ?? input.runId}-`);
  // The services (card arrival, expiry, fault windows, injected latency) live on the run's own time; the
  // agents and the orchestrator measure on rt.clock and wait on the run's time (RunClock).
  const runClock = new RunClock(input.startedAt ?? clock.now(), clock);
  // The run's own emitters do not wait for each event's commit (lib/trace/write-behind.ts); run.started,
  // the settlement and the run's end go to the recorder directly, after the emitters' events are settled.
  const trace = new WriteBehindSink(recorder);
  const tracked = trackServiceCalls(
    createServices({ db, clock: runClock, ids, reporter: faultReporter(input.runId, trace), ...rt.services }),
  );
  const { services } = tracked;

  let outcomeText: string;
  let crashed = false;
  try {
    // Inside the try: a run whose start cannot be recorded does no work, but still ends (holds
    // released, the row closed) instead of staying 'running' until the next restart.
    await recorder.append(input.runId, {
      type: 'run.started',
      spanId: 'run',
      parentSpanId: null,
      agent: null,
      data: {
        goal: `complete customer ${order.customerId}'s purchase of order ${order.id}`,
        orderId: order.id,
        customerId: order.customerId,
        mode: input.mode,
        model: input.model,
        ...(input.mode === 'agents' ? { models: agentModels(rt) } : {}),
        seed: input.seed,
        faultRules: input.faultRules,
        ...(input.faultPreset ? { faultPreset: input.faultPreset } : {}),
        pace: input.pacer?.initial ?? 'instant',
      },
    });
    if (input.mode === 'orchestrator') {
      const result = await runClassicCheckout(
        {
          runId: input.runId,
          trace,
          clock: runClock.stopwatch,
          services,
          nextSpanId,
          pacer: input.pacer,
          servedResult: rt.overrideToolResult,
        },
        { orderId: order.id, customerId: order.customerId, amountCents: order.totalCents, items: goal.items },
      );
      outcomeText = result.outcome;
    } else {
      const guard: RunGuard = {
        scope: {
          orderId: order.id,
          customerId: order.customerId,
          totalCents: order.totalCents,
          contacts: { email: order.customer.email, phone: order.customer.phone },
        },
        reader: prismaOwnershipReader(db),
      };
      const modelSettings = rt.modelSettings ?? DEFAULT_MODEL_CALL_SETTINGS;
      const ctx: RunContext = {
        runId: input.runId,
        trace,
        clock: runClock.stopwatch,
        services,
        modelFor: rt.modelFor,
        nextSpanId,
        guard,
        modelSettings,
        live: rt.live,
        pacer: input.pacer,
        limits: rt.limits ?? { steps: DEFAULT_STEP_LIMIT, timeBudgetMs: modelSettings.runBudgetMs },
        overrideToolResult: rt.overrideToolResult,
      };
      const result = await runAgent(checkoutAgent, ctx, {
        prompt: goalPrompt(goal),
        goal: `Complete the purchase of order ${order.id}`,
        task: goal,
        parentSpanId: 'run',
      });
      outcomeText = result.answer?.reason ?? result.text;
    }
  } catch (error) {
    // A bug or an unreachable dependency, not a business outcome: the stack goes to the log, the
    // message into the outcome, and the order is still settled below.
    console.error(`[run ${input.runId}] crashed`, error);
    crashed = true;
    outcomeText = `run crashed: ${error instanceof Error ? error.message : String(error)}`;
  }
  await tracked.idle();
  const unrecorded = await trace.settled();
  if (unrecorded && !crashed) {
    // The work went on past an event that did not persist (the emitter would have thrown at its next one).
    console.error(`[run ${input.runId}] an event could not be recorded`, unrecorded.error);
    outcomeText = `run crashed: ${unrecorded.error instanceof Error ? unrecorded.error.message : String(unrecorded.error)}`;
  }
  const settlement = await settleAfterRun(rt, {
    runId: input.runId,
    orderId: order.id,
    ids,
    clock: runClock,
    outcomeText,
  });
  // A settlement that did nothing has just assessed the order: it is not read again.
  const final = await settleOrder(
    db,
    order.id,
    outcomeText,
    settlement?.acted === false ? settlement.before : undefined,
  );
  const status = final.status === 'placed' ? 'succeeded' : 'failed';
  const outcome = describeEnd(final, settlement);
  await recordRunEnd(rt, input.runId, { status, outcome: `${outcome}: ${outcomeText}`.slice(0, 500), order: final });
  return { runId: input.runId, status, outcome, order: final, leftByRun: settlement?.before ?? final };
}

/** The run's end in a few words: placed, failed cleanly, failed and settled by the harness, or needing review. */
export function describeEnd(final: FinalOrderState, settlement: SettlementResult | null): string {
  if (final.status === 'placed') return `order placed${final.needsReview ? ' (needs review)' : ''}`;
  if (final.violations.length > 0) return `order failed (needs review: ${final.violations.join('; ')})`;
  if (settlement?.acted) return `order failed, settled by the harness (${settlement.undone.join('; ')})`;
  return 'order failed cleanly';
}

/**
 * After the agents or the orchestrator are done, and before the order's status is recorded: whatever
 * the run left held on an order that is not placed is given back, recorded in its trace. A failure
 * of settlement itself (the database) is logged, and the order is then recorded as it is (for review).
 */
async function settleAfterRun(
  rt: CheckoutServices,
  run: { runId: string; orderId: string; ids: IdGenerator; clock: Clock; outcomeText: string },
): Promise<SettlementResult | null> {
  try {
    return await settleOrderHoldings(
      {
        db: rt.db,
        clock: run.clock,
        ids: run.ids,
        trace: { runId: run.runId, sink: rt.recorder, spanId: RUN_END_SETTLEMENT_SPAN, parentSpanId: 'run' },
      },
      {
        orderId: run.orderId,
        trigger: 'run_end',
        reason:
          `The run ended without placing the order, and the order still holds what is listed here. The run's last word: ${run.outcomeText}`.slice(
            0,
            1000,
          ),
      },
    );
  } catch (error) {
    console.error(`[run ${run.runId}] settlement failed; start-up recovery will try again`, error);
    return null;
  }
}

const END_ATTEMPTS = 3;
const END_RETRY_MS = 250;

/**
 * run.finished, retried (the recorder accepts a run end again after a failed persist). If it still
 * cannot be recorded, the Run row is closed directly so that the history and every stream
 * following the run (sse.ts checks the row on each heartbeat) see it over; the error is rethrown.
 */
async function recordRunEnd(
  rt: CheckoutServices,
  runId: string,
  end: { status: 'succeeded' | 'failed'; outcome: string; order: FinalOrderState },
): Promise<void> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= END_ATTEMPTS; attempt++) {
    try {
      await rt.recorder.finishRun(runId, end);
      return;
    } catch (error) {
      lastError = error;
      if (attempt < END_ATTEMPTS) await new Promise((resolve) => setTimeout(resolve, END_RETRY_MS * attempt));
    }
  }
  const reason = lastError instanceof Error ? lastError.message : String(lastError);
  await rt.db.run.update({
    where: { id: runId },
    data: {
      status: end.status,
      outcome: `${end.outcome} [its end could not be recorded in the trace: ${reason}]`.slice(0, 700),
      finishedAt: new Date(rt.clock.now()),
    },
  });
  throw lastError;
}
