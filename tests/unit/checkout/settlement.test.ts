import { afterEach, describe, expect, it } from 'vitest';
import { APICallError, type LanguageModelV4 } from '@ai-sdk/provider';
import type { AgentModel } from '@/lib/agents/run-context';
import { placeOrder } from '@/lib/checkout/place-order';
import { recoverInterruptedRuns } from '@/lib/checkout/recover';
import type { CheckoutServices, RunResult } from '@/lib/checkout/run-checkout';
import { runInProgress } from '@/lib/checkout/run-registry';
import { runToOtlp } from '@/lib/export/to-otlp';
import { createFaultRule } from '@/lib/faults/rules';
import type { NewTraceEvent, TraceEvent } from '@/lib/trace/events';
import { foldRunView } from '@/lib/trace/projections/run-view';
import { graphLists } from '@/lib/trace/projections/graph';
import { timeline } from '@/lib/trace/projections/timeline';
import { TraceRecorder } from '@/lib/trace/recorder';
import { InProcessTraceBus } from '@/lib/trace/bus';
import { eventLabel } from '@/components/replay/event-label';
import { createCheckoutHarness, type Harness } from '../../support/checkout-harness';

let h: Harness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

/** A model provider that answers until `isDown()`, then fails every call with a 500 (as a real API would). */
function goesDown(inner: AgentModel, isDown: () => boolean): AgentModel {
  const model: LanguageModelV4 = {
    specificationVersion: 'v4',
    provider: inner.model.provider,
    modelId: inner.model.modelId,
    supportedUrls: inner.model.supportedUrls,
    doGenerate: (options) =>
      isDown()
        ? Promise.reject(
            new APICallError({
              message: 'Internal Server Error',
              url: 'http://model.test/v1/chat/completions',
              requestBodyValues: {},
              statusCode: 500,
              isRetryable: false,
            }),
          )
        : inner.model.doGenerate(options),
    doStream: (options) => inner.model.doStream(options),
  };
  return { ...inner, model };
}

const ofType = <T extends TraceEvent['type']>(events: TraceEvent[], type: T) =>
  events.filter((e): e is Extract<TraceEvent, { type: T }> => e.type === type);

async function runOne(
  rt: CheckoutServices & { modelLabel(mode: 'agents' | 'orchestrator'): string },
  mode: 'agents' | 'orchestrator',
): Promise<RunResult> {
  const [placed] = await placeOrder(rt, { customerId: 'cus_ada', items: [{ sku: 'KB-001', quantity: 1 }], mode });
  return runInProgress(placed.runId)!;
}

describe('settlement after a run', () => {
  it('a model that fails mid-run (HTTP 500 after the authorization) leaves nothing held, and the trace shows what the harness gave back and why', async () => {
    h = await createCheckoutHarness();
    const harness = h;
    let down = false;
    const rt = {
      ...harness.rt,
      modelFor: (agent: Parameters<typeof harness.rt.modelFor>[0]) => goesDown(harness.rt.modelFor(agent), () => down),
      recorder: {
        finishRun: harness.rt.recorder.finishRun,
        append(runId: string, event: NewTraceEvent) {
          // Handed on first, not awaited: a run does not wait for its events' commits (lib/trace/write-behind.ts).
          const recorded = harness.rt.recorder.append(runId, event);
          // The provider goes down the moment the card is authorized: stock and an authorization are held.
          if (
            event.type === 'tool.result' &&
            event.data.service === 'payment' &&
            event.data.operation === 'authorize' &&
            event.data.status === 'ok'
          )
            down = true;
          return recorded;
        },
      },
    };
    const run = await runOne(rt, 'agents');

    expect(run.leftByRun).toMatchObject({
      status: 'failed',
      heldReservations: 1,
      openAuthorizations: 1,
      capturedCents: 0,
    });
    expect(run.order).toMatchObject({
      status: 'failed',
      heldReservations: 0,
      openAuthorizations: 0,
      needsReview: false,
      violations: [],
    });
    expect(run.status).toBe('failed');
    expect(run.outcome).toMatch(/^order failed, settled by the harness \(released 1 reservation\(s\); voided auth_/);
    const db = harness.t.db;
    expect(
      await db.product.findUniqueOrThrow({ where: { sku: 'KB-001' }, select: { stock: true, reserved: true } }),
    ).toEqual({ stock: 40, reserved: 0 });
    const payments = await db.payment.findMany({
      where: { orderId: run.order.orderId },
      orderBy: { createdAt: 'asc' },
    });
    expect(payments.map((p) => `${p.kind}:${p.status}`).sort()).toEqual(['authorization:succeeded', 'void:succeeded']);
    expect(
      await db.order.findUniqueOrThrow({
        where: { id: run.order.orderId },
        select: { status: true, needsReview: true },
      }),
    ).toEqual({ status: 'failed', needsReview: false });

    const events = await harness.events(run.runId);
    expect(
      ofType(events, 'model.step').some((e) => e.data.finishReason === 'error') ||
        ofType(events, 'agent.finished').some((e) => /Internal Server Error/.test(e.data.answer)),
    ).toBe(true);
    const [started] = ofType(events, 'settlement.started');
    expect(started).toMatchObject({
      spanId: 'settlement-1',
      parentSpanId: 'run',
      agent: 'Settlement',
      data: {
        trigger: 'run_end',
        holdings: { heldReservations: 1, openAuthorizations: 1, unrefundedCents: 0, activeLabels: 0 },
      },
    });
    expect(started.data.reason).toMatch(/ended without placing the order/);
    expect(started.data.plan.map((s) => s.action)).toEqual(['release_stock', 'void_authorization']);
    expect(started.data.plan[1].why).toMatch(
      /authorization auth_\S+ \(12900 cents\) is still open on an order that is not placed/,
    );
    const calls = events.filter((e) => e.parentSpanId === 'settlement-1');
    expect(
      calls.map((e) =>
        `${e.type} ${e.agent} ${e.type === 'tool.call' || e.type === 'tool.result' ? `${e.data.toolName} ${e.type === 'tool.result' ? e.data.status : ''}` : ''}`.trim(),
      ),
    ).toEqual([
      'tool.call Settlement inventory.release',
      'tool.result Settlement inventory.release ok',
      'tool.call Settlement payment.void',
      'tool.result Settlement payment.void ok',
    ]);
    const [finished] = ofType(events, 'settlement.finished');
    expect(finished.data).toMatchObject({
      status: 'settled',
      failed: [],
      holdings: { heldReservations: 0, openAuthorizations: 0, unrefundedCents: 0, activeLabels: 0 },
    });
    // Settlement comes after the run's work and before its end.
    expect(events.at(-1)?.type).toBe('run.finished');
    expect(events.findIndex((e) => e.type === 'settlement.finished')).toBe(events.length - 2);

    // Every reader of the log shows it: spans, timeline, graph, OTLP, the one-line labels.
    const view = foldRunView(events);
    expect(view.spans.orphans).toEqual([]);
    expect(view.spans.spans['settlement-1']).toMatchObject({ kind: 'settlement', status: 'ok', agent: 'Settlement' });
    expect(view.spans.children['settlement-1']).toHaveLength(2);
    expect(
      timeline(view.spans)
        .rows.filter((r) => r.spanId.startsWith('settlement-1'))
        .map((r) => r.kind),
    ).toEqual(['settlement', 'execute_tool', 'execute_tool']);
    const { nodes, edges } = graphLists(view.graph);
    expect(nodes.find((n) => n.id === 'agent:Settlement')).toMatchObject({ calls: 1, errors: 0, status: 'ok' });
    expect(edges.filter((e) => e.source === 'agent:Settlement').map((e) => `${e.target} ${e.okCount}`)).toEqual([
      'service:inventory 1',
      'service:payment 1',
    ]);
    const otlp = runToOtlp(
      {
        id: run.runId,
        status: 'failed',
        outcome: run.outcome,
        mode: 'agents',
        model: 'offline-planner',
        batchId: null,
        parentRunId: null,
        forkedAtSeq: null,
      },
      events,
    );
    const settlementSpan = otlp.resourceSpans?.[0]?.scopeSpans?.[0]?.spans?.find((s) => s.name === 'settlement');
    expect(settlementSpan?.attributes?.find((a) => a.key === 'aco.settlement.reason')?.value).toEqual({
      stringValue: started.data.reason,
    });
    expect(eventLabel(finished)).toMatch(/^settled · released 1 reservation\(s\), voided auth_/);
  });

  it('the orchestrator: a capture that succeeded, then shipping failed: its own catch releases only the stock; settlement refunds the capture, and the run is judged on what it left', async () => {
    h = await createCheckoutHarness();
    expect(
      (
        await createFaultRule(h.t.db, {
          name: 'carrier down',
          service: 'shipping',
          operation: 'createLabel',
          kind: 'carrier_outage',
          params: { carrier: 'ups' },
        })
      ).ok,
    ).toBe(true);
    const run = await runOne(h.rt, 'orchestrator');

    expect(run.leftByRun).toMatchObject({
      status: 'failed',
      heldReservations: 0,
      capturedCents: 12900,
      refundedCents: 0,
      violations: ['money captured for a failed order'],
    });
    expect(run.order).toMatchObject({
      status: 'failed',
      capturedCents: 12900,
      refundedCents: 12900,
      needsReview: false,
      violations: [],
    });
    const events = await h.events(run.runId);
    // The orchestrator stays as rigid as ever: its calls are its own, and it never refunds.
    const own = ofType(events, 'tool.call')
      .filter((e) => e.agent === 'OrderService')
      .map((e) => e.data.toolName);
    expect(own).toEqual([
      'inventory.check',
      'inventory.reserve',
      'customer.listPaymentMethods',
      'payment.authorize',
      'payment.capture',
      'shipping.createLabel',
      'inventory.release',
    ]);
    const settlementCalls = ofType(events, 'tool.call')
      .filter((e) => e.agent === 'Settlement')
      .map((e) => e.data.toolName);
    expect(settlementCalls).toEqual(['payment.refund']);
    expect(ofType(events, 'settlement.started')[0].data.plan[0].why).toMatch(
      /took 12900 cents \(not refunded\) for an order that is not placed/,
    );
    expect(ofType(events, 'settlement.finished')[0].data).toMatchObject({
      status: 'settled',
      undone: [expect.stringMatching(/^refunded 12900 cents of cap_/)],
    });
    const payments = await h.t.db.payment.findMany({ where: { orderId: run.order.orderId } });
    expect(payments.map((p) => `${p.kind}:${p.status}`).sort()).toEqual([
      'authorization:succeeded',
      'capture:succeeded',
      'refund:succeeded',
    ]);
  });

  it('a refund that keeps failing is retried a bounded number of times, then the order is flagged for review; the next start-up refunds it', async () => {
    h = await createCheckoutHarness();
    const db = h.t.db;
    expect(
      (
        await createFaultRule(db, {
          name: 'carrier down',
          service: 'shipping',
          operation: 'createLabel',
          kind: 'carrier_outage',
          params: { carrier: 'ups' },
        })
      ).ok,
    ).toBe(true);
    // The ledger itself refuses refunds (no injected fault: settlement runs without them).
    await db.$executeRawUnsafe(
      `CREATE TRIGGER no_refunds BEFORE INSERT ON "Payment" WHEN NEW."kind" = 'refund' BEGIN SELECT RAISE(ABORT, 'the ledger is read-only'); END`,
    );
    const run = await runOne(h.rt, 'orchestrator');

    expect(run.order).toMatchObject({
      status: 'failed',
      capturedCents: 12900,
      refundedCents: 0,
      needsReview: true,
      violations: ['money captured for a failed order'],
    });
    expect(run.outcome).toMatch(/^order failed \(needs review: money captured for a failed order\)/);
    expect(
      await db.order.findUniqueOrThrow({ where: { id: run.order.orderId }, select: { needsReview: true } }),
    ).toEqual({ needsReview: true });
    const events = await h.events(run.runId);
    const attempts = ofType(events, 'tool.result').filter((e) => e.agent === 'Settlement');
    expect(attempts.map((e) => `${e.data.toolName} ${e.data.status} ${e.data.error?.code}`)).toEqual(
      Array(3).fill('payment.refund error server_error'),
    );
    const [finished] = ofType(events, 'settlement.finished');
    expect(finished.data).toMatchObject({ status: 'needs_review', undone: [], holdings: { unrefundedCents: 12900 } });
    expect(finished.data.failed[0]).toMatch(/^payment\.refund cap_\S+: server_error \(the call failed: [^\n]+\)$/);
    const view = foldRunView(events);
    expect(view.spans.spans['settlement-1']).toMatchObject({ status: 'error', error: { code: 'needs_review' } });
    expect(graphLists(view.graph).nodes.find((n) => n.id === 'agent:Settlement')).toMatchObject({
      errors: 1,
      status: 'error',
    });

    // The ledger works again: start-up recovery finds the unrefunded capture by the order's state and refunds it.
    await db.$executeRawUnsafe('DROP TRIGGER no_refunds');
    const recorder = new TraceRecorder({ db, bus: new InProcessTraceBus(), clock: h.clock });
    const report = await recoverInterruptedRuns({ db, recorder, clock: h.clock });
    expect(report).toMatchObject({
      interruptedRuns: [],
      settledOrders: [run.order.orderId],
      refundedCaptures: 1,
      flaggedForReview: [],
    });
    expect(
      await db.order.findUniqueOrThrow({
        where: { id: run.order.orderId },
        select: { status: true, needsReview: true, outcome: true },
      }),
    ).toMatchObject({
      status: 'failed',
      needsReview: false,
      outcome: expect.stringMatching(/settled at start-up: refunded 12900 cents of cap_/),
    });
    // Idempotent: nothing is left, so a second start does nothing.
    expect(await recoverInterruptedRuns({ db, recorder, clock: h.clock })).toMatchObject({
      settledOrders: [],
      refundedCaptures: 0,
      flaggedForReview: [],
    });
  });

  it('never touches a placed order, and records nothing when nothing is held', async () => {
    h = await createCheckoutHarness();
    const run = await runOne(h.rt, 'agents');
    expect(run.order.status).toBe('placed');
    expect(run.leftByRun).toEqual(run.order);
    const events = await h.events(run.runId);
    expect(events.some((e) => e.agent === 'Settlement')).toBe(false);
  });
});
