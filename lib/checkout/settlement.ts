import type { PrismaClient } from '@/lib/db/client';
import { noFaults } from '@/lib/faults/injector';
import type { Clock } from '@/lib/runtime/clock';
import type { IdGenerator } from '@/lib/runtime/ids';
import { createServices, fail, type Services, type ServiceResult } from '@/lib/services';
import { SETTLEMENT_AGENT, type NewTraceEvent, type SettlementHoldings, type SettlementStep } from '@/lib/trace/events';
import { readOrderState, type FinalOrderState } from './settle-order';

/**
 * Settlement: what the harness gives back when a run ends and its order is not placed, whatever
 * the agents (or the orchestrator) did or failed to do: active labels cancelled, held stock
 * released, open authorizations voided, captures refunded. Driven by the order's rows, not by
 * what the run said, so it is idempotent: run it again and it finds less (or nothing) to do.
 * A placed order is never touched. The services are called without injected faults, each call
 * retried a bounded number of times; what still fails leaves the order flagged for review.
 */

export interface SettlementTrace {
  runId: string;
  sink: { append(runId: string, event: NewTraceEvent): Promise<unknown> };
  /** The settlement span's id (unique in the run: a run settled again after a crash gets a new one). */
  spanId: string;
  parentSpanId: string;
}

export interface SettlementDeps {
  db: PrismaClient;
  /** The run's clock: rows and events carry its time, retries wait on it. */
  clock: Clock;
  /** The run's id generator, so a re-run mints the same void and refund ids. */
  ids: IdGenerator;
  /** Where each step is recorded; null when the run's log is closed (a start-up sweep of an ended run). */
  trace: SettlementTrace | null;
}

export interface SettlementRequest {
  orderId: string;
  reason: string;
  trigger: 'run_end' | 'recovery';
}

export interface SettlementResult {
  /** False when there was nothing to give back (or the order is placed): nothing was done or recorded. */
  acted: boolean;
  /** What the order looked like before settlement: what the run left. */
  before: FinalOrderState;
  undone: string[];
  failed: string[];
  /** Each planned step and whether it went through. */
  steps: { action: SettlementStep['action']; target: string; ok: boolean }[];
  /** What the order still holds afterwards. */
  holdings: SettlementHoldings;
}

/** Attempts per step: the services run without faults here, so a failure is a real (and probably passing) one. */
export const SETTLEMENT_ATTEMPTS = 3;
const RETRY_BASE_MS = 200;

interface PlannedStep extends SettlementStep {
  /** The service input, as recorded in the trace. */
  input: Record<string, unknown>;
  run(services: Services): Promise<ServiceResult<unknown>>;
  /** What it gave back, in words, once it succeeded. */
  done: string;
}

const EMPTY: SettlementHoldings = { heldReservations: 0, openAuthorizations: 0, unrefundedCents: 0, activeLabels: 0 };

/** What an order that is not placed still holds, and the steps that give it back, in the order they must run. */
export async function settlementPlan(
  db: PrismaClient,
  orderId: string,
): Promise<{ holdings: SettlementHoldings; steps: PlannedStep[] }> {
  const order = await db.order.findUniqueOrThrow({
    where: { id: orderId },
    include: {
      reservations: { where: { status: 'held' } },
      payments: { where: { status: 'succeeded' }, orderBy: { createdAt: 'asc' } },
      shipments: { where: { status: 'label_created' }, orderBy: { createdAt: 'asc' } },
    },
  });
  const closedAuths = new Set(
    order.payments.filter((p) => p.kind === 'void' || p.kind === 'capture').map((p) => p.parentId),
  );
  const openAuths = order.payments.filter((p) => p.kind === 'authorization' && !closedAuths.has(p.id));
  const refundedOf = (captureId: string) =>
    order.payments
      .filter((p) => p.kind === 'refund' && p.parentId === captureId)
      .reduce((sum, p) => sum + p.amountCents, 0);
  const captures = order.payments
    .filter((p) => p.kind === 'capture')
    .map((c) => ({ capture: c, left: c.amountCents - refundedOf(c.id) }))
    .filter((c) => c.left > 0);
  const held = order.reservations.length;

  const steps: PlannedStep[] = [];
  // Labels first: a label may only exist on a paid order, so it goes before the money does.
  for (const s of order.shipments) {
    if (!s.labelId) continue;
    const input = { orderId, labelId: s.labelId };
    steps.push({
      action: 'cancel_label',
      service: 'shipping',
      operation: 'cancelLabel',
      target: s.labelId,
      why: `label ${s.labelId} (${s.carrier}) is active on an order that is not placed`,
      input,
      run: (services) => services.shipping.cancelLabel(input),
      done: `cancelled label ${s.labelId}`,
    });
  }
  if (held > 0) {
    steps.push({
      action: 'release_stock',
      service: 'inventory',
      operation: 'release',
      target: orderId,
      why: `${held} reservation(s) still hold stock for an order that is not placed`,
      input: { orderId },
      run: (services) => services.inventory.release({ orderId }),
      done: `released ${held} reservation(s)`,
    });
  }
  for (const auth of openAuths) {
    const input = { orderId, authorizationId: auth.id, idempotencyKey: `${auth.id}:settlement-void` };
    steps.push({
      action: 'void_authorization',
      service: 'payment',
      operation: 'void',
      target: auth.id,
      why: `authorization ${auth.id} (${auth.amountCents} cents) is still open on an order that is not placed`,
      input,
      run: (services) => services.payment.void(input),
      done: `voided ${auth.id}`,
    });
  }
  for (const { capture, left } of captures) {
    // The amount is in the key: after a partial refund lands, what is left is a new request.
    const input = {
      orderId,
      captureId: capture.id,
      amountCents: left,
      idempotencyKey: `${capture.id}:settlement-refund-${left}`,
    };
    steps.push({
      action: 'refund_capture',
      service: 'payment',
      operation: 'refund',
      target: capture.id,
      why: `capture ${capture.id} took ${left} cents (not refunded) for an order that is not placed`,
      input,
      run: (services) => services.payment.refund(input),
      done: `refunded ${left} cents of ${capture.id}`,
    });
  }
  const holdings: SettlementHoldings = {
    heldReservations: held,
    openAuthorizations: openAuths.length,
    unrefundedCents: captures.reduce((sum, c) => sum + c.left, 0),
    activeLabels: order.shipments.filter((s) => s.labelId).length,
  };
  return { holdings, steps };
}

/** Gives back what an order that is not placed still holds (see the module comment). Throws only if the database does. */
export async function settleOrderHoldings(deps: SettlementDeps, request: SettlementRequest): Promise<SettlementResult> {
  const { db, clock, trace } = deps;
  const { orderId } = request;
  const { state: before, recordedStatus } = await readOrderState(db, orderId);
  // Never touch a placed order, by what the services did or by what was recorded.
  if (before.status === 'placed' || recordedStatus === 'placed')
    return { acted: false, before, undone: [], failed: [], steps: [], holdings: EMPTY };
  const { holdings, steps } = await settlementPlan(db, orderId);
  if (steps.length === 0) return { acted: false, before, undone: [], failed: [], steps: [], holdings };

  const services = createServices({ db, clock, ids: deps.ids, faults: noFaults });
  const record = async (event: NewTraceEvent) => {
    if (trace) await trace.sink.append(trace.runId, event);
  };
  await record({
    type: 'settlement.started',
    spanId: trace?.spanId ?? 'settlement',
    parentSpanId: trace?.parentSpanId ?? null,
    agent: SETTLEMENT_AGENT,
    data: {
      orderId,
      reason: request.reason,
      trigger: request.trigger,
      holdings,
      plan: steps.map(({ action, service, operation, target, why }) => ({ action, service, operation, target, why })),
    },
  });

  const undone: string[] = [];
  const failed: string[] = [];
  const outcomes: SettlementResult['steps'] = [];
  let call = 0;
  for (const step of steps) {
    let result: ServiceResult<unknown> = fail({ code: 'server_error', message: 'not attempted', retryable: true });
    for (let attempt = 1; attempt <= SETTLEMENT_ATTEMPTS; attempt++) {
      const spanId = `${trace?.spanId ?? 'settlement'}.${++call}`;
      // Unique within the run, and free of its id: a re-run records the same one.
      const toolCallId = spanId;
      const toolName = `${step.service}.${step.operation}`;
      const base = { spanId, parentSpanId: trace?.spanId ?? null, agent: SETTLEMENT_AGENT };
      await record({
        type: 'tool.call',
        ...base,
        data: { toolName, toolCallId, input: step.input, service: step.service, operation: step.operation },
      });
      const started = clock.now();
      result = await guarded(() => step.run(services));
      await record({
        type: 'tool.result',
        ...base,
        data: {
          toolName,
          toolCallId,
          status: result.ok ? 'ok' : 'error',
          output: result,
          error: result.ok ? undefined : result.error,
          latencyMs: clock.now() - started,
          service: step.service,
          operation: step.operation,
        },
      });
      if (result.ok || !result.error.retryable || attempt === SETTLEMENT_ATTEMPTS) break;
      await clock.sleep(result.error.retryAfterMs ?? RETRY_BASE_MS * attempt);
    }
    outcomes.push({ action: step.action, target: step.target, ok: result.ok });
    if (result.ok) undone.push(step.done);
    else
      failed.push(`${step.service}.${step.operation} ${step.target}: ${result.error.code} (${result.error.message})`);
  }

  const after = await settlementPlan(db, orderId);
  const left = after.holdings;
  const clean =
    left.heldReservations === 0 &&
    left.openAuthorizations === 0 &&
    left.unrefundedCents === 0 &&
    left.activeLabels === 0;
  await record({
    type: 'settlement.finished',
    spanId: trace?.spanId ?? 'settlement',
    parentSpanId: trace?.parentSpanId ?? null,
    agent: SETTLEMENT_AGENT,
    data: {
      orderId,
      status: clean && failed.length === 0 ? 'settled' : 'needs_review',
      undone,
      failed,
      holdings: left,
    },
  });
  return { acted: true, before, undone, failed, steps: outcomes, holdings: left };
}

/** A call that throws (the database refused, a bug) is a failed, retryable step, not the end of settlement. */
async function guarded(run: () => Promise<ServiceResult<unknown>>): Promise<ServiceResult<unknown>> {
  try {
    return await run();
  } catch (error) {
    // Prisma's messages quote the calling code first; the cause is their last line.
    const lines = (error instanceof Error ? error.message : String(error))
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    return fail({
      code: 'server_error',
      message: `the call failed: ${lines.at(-1) ?? 'unknown error'}`,
      retryable: true,
    });
  }
}
