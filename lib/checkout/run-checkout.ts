import type { PrismaClient } from '@/lib/db/client';
import { runAgent } from '@/lib/agents/agent-loop';
import { checkoutAgent } from '@/lib/agents/checkout-agent';
import { spanIdGenerator, type AgentModel, type LiveChannel, type RunContext, type TraceSink } from '@/lib/agents/run-context';
import { runClassicCheckout } from '@/lib/orchestrator/order-service';
import { AGENT_NAMES, type AgentName } from '@/lib/protocol/agents';
import { DEFAULT_MODEL_CALL_SETTINGS, type ModelCallSettings } from '@/lib/models/call-settings';
import { withJsonBlock } from '@/lib/protocol/json-in-text';
import type { CheckoutGoal } from '@/lib/protocol/tasks';
import type { Clock } from '@/lib/runtime/clock';
import type { Pacer } from '@/lib/runtime/pace';
import { sequentialIds, type IdGenerator } from '@/lib/runtime/ids';
import { currentToolSpan } from '@/lib/runtime/tool-span';
import { prismaOwnershipReader } from '@/lib/guard/ownership-reader';
import type { RunGuard } from '@/lib/guard/run-scope';
import { createServices } from '@/lib/services';
import type { FaultInjector } from '@/lib/faults/injector';
import type { FaultReporter } from '@/lib/services/types';
import type { RunMode } from './order-request';
import { settleOrder, type FinalOrderState } from './settle-order';

/** How a run ends up in the trace: appended events, and a summary when it is over. */
export interface RunRecorder extends TraceSink {
  finishRun(runId: string, end: { status: 'succeeded' | 'failed'; outcome: string; order?: unknown }): Promise<unknown>;
}

/** Everything a checkout run is given. */
export interface CheckoutRuntime {
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
  /** Edit-and-continue: tool results served instead of running the tool (see RunContext). */
  overrideToolResult?(toolCallId: string): unknown;
}

/** Each agent's step limit; its time budget is the run budget (AI_RUN_BUDGET_MS). */
export const DEFAULT_STEP_LIMIT = 30;

/** Every agent's model, as the run records it: the mix AI_MODEL_<AGENT> makes. */
export function agentModels(rt: Pick<CheckoutRuntime, 'modelFor'>): Record<AgentName, string> {
  return Object.fromEntries(AGENT_NAMES.map((agent) => [agent, rt.modelFor(agent).label])) as Record<AgentName, string>;
}

export interface RunResult {
  runId: string;
  status: 'succeeded' | 'failed';
  outcome: string;
  order: FinalOrderState;
}

export function goalPrompt(goal: CheckoutGoal): string {
  const total = new Intl.NumberFormat('en-US', { style: 'currency', currency: goal.currency }).format(goal.amountCents / 100);
  const items = goal.items.map((i) => `${i.quantity} × ${i.sku}`).join(', ');
  return withJsonBlock(`Complete customer ${goal.customerId}'s purchase of order ${goal.orderId} (${items}; total ${total}).`, 'goal', goal);
}

/** The reporter a run gives its services: an injected fault becomes a fault.injected event on the tool span where it fired. */
function faultReporter(runId: string, trace: TraceSink): FaultReporter {
  return {
    faultInjected: async (report) => {
      const span = currentToolSpan.getStore();
      await trace.append(runId, {
        type: 'fault.injected', spanId: span?.spanId ?? 'run', parentSpanId: null, agent: span?.agent ?? null,
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
}

export async function executeRun(rt: CheckoutRuntime, input: ExecuteRunInput): Promise<RunResult> {
  const { db, recorder, clock } = rt;
  const order = await db.order.findUniqueOrThrow({ where: { id: input.orderId }, include: { items: true, customer: { select: { email: true, phone: true } } } });
  const goal: CheckoutGoal = {
    goal: 'complete_order', orderId: order.id, customerId: order.customerId, amountCents: order.totalCents, currency: order.currency,
    items: order.items.map((i) => ({ sku: i.sku, quantity: i.quantity })),
    contact: { email: order.customer.email, phone: order.customer.phone },
  };
  const nextSpanId = spanIdGenerator();
  const ids = sequentialIds(`${input.idNamespace ?? input.runId}-`);
  const services = createServices({ db, clock, ids, reporter: faultReporter(input.runId, recorder), ...rt.services });

  let outcomeText: string;
  try {
    // Inside the try: a run whose start cannot be recorded does no work, but still ends (holds
    // released, the row closed) instead of staying 'running' until the next restart.
    await recorder.append(input.runId, {
      type: 'run.started', spanId: 'run', parentSpanId: null, agent: null,
      data: { goal: `complete customer ${order.customerId}'s purchase of order ${order.id}`, orderId: order.id, customerId: order.customerId, mode: input.mode, model: input.model,
        ...(input.mode === 'agents' ? { models: agentModels(rt) } : {}), seed: input.seed, faultRules: input.faultRules,
        ...(input.faultPreset ? { faultPreset: input.faultPreset } : {}), pace: input.pacer?.initial ?? 'instant' },
    });
    if (input.mode === 'orchestrator') {
      const result = await runClassicCheckout({ runId: input.runId, trace: recorder, clock, services, nextSpanId, pacer: input.pacer }, { orderId: order.id, customerId: order.customerId, amountCents: order.totalCents, items: goal.items });
      outcomeText = result.outcome;
    } else {
      const guard: RunGuard = {
        scope: { orderId: order.id, customerId: order.customerId, totalCents: order.totalCents, contacts: { email: order.customer.email, phone: order.customer.phone } },
        reader: prismaOwnershipReader(db),
      };
            const modelSettings = rt.modelSettings ?? DEFAULT_MODEL_CALL_SETTINGS;
      const ctx: RunContext = {
        runId: input.runId, trace: recorder, clock, services, modelFor: rt.modelFor, nextSpanId, guard, modelSettings, live: rt.live, pacer: input.pacer,
        limits: rt.limits ?? { steps: DEFAULT_STEP_LIMIT, timeBudgetMs: modelSettings.runBudgetMs }, overrideToolResult: rt.overrideToolResult,
      };
      const result = await runAgent(checkoutAgent, ctx, { prompt: goalPrompt(goal), goal: `Complete the purchase of order ${order.id}`, task: goal, parentSpanId: 'run' });
      outcomeText = result.answer?.reason ?? result.text;
    }
  } catch (error) {
    // A bug or an unreachable dependency, not a business outcome: the stack goes to the log, the
    // message into the outcome, and the order is still settled below.
    console.error(`[run ${input.runId}] crashed`, error);
    outcomeText = `run crashed: ${error instanceof Error ? error.message : String(error)}`;
  }
  const final = await settleOrder(db, order.id, outcomeText);
  const status = final.status === 'placed' ? 'succeeded' : 'failed';
  const outcome = final.status === 'placed' ? `order placed${final.needsReview ? ' (needs review)' : ''}` : `order failed${final.violations.length ? ` (needs review: ${final.violations.join('; ')})` : ' cleanly'}`;
  await recordRunEnd(rt, input.runId, { status, outcome: `${outcome}: ${outcomeText}`.slice(0, 500), order: final });
  return { runId: input.runId, status, outcome, order: final };
}

const END_ATTEMPTS = 3;
const END_RETRY_MS = 250;

/**
 * run.finished, retried (the recorder accepts a run end again after a failed persist). If it still
 * cannot be recorded, the Run row is closed directly so that the history and every stream
 * following the run (sse.ts checks the row on each heartbeat) see it over; the error is rethrown.
 */
async function recordRunEnd(rt: CheckoutRuntime, runId: string, end: { status: 'succeeded' | 'failed'; outcome: string; order: FinalOrderState }): Promise<void> {
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
    data: { status: end.status, outcome: `${end.outcome} [its end could not be recorded in the trace: ${reason}]`.slice(0, 700), finishedAt: new Date(rt.clock.now()) },
  });
  throw lastError;
}
