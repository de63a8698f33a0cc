import { describe, expect, it } from 'vitest';
import { emptyGraph, foldGraph, graphLists, reduceGraph } from '@/lib/trace/projections/graph';
import type { NewTraceEvent } from '@/lib/trace/events';
import { sampleCheckoutRun, stamp } from '../../../support/trace/sample-run';

const T0 = 1_000_000;

describe('agent graph fold', () => {
  it('folds a checkout into the golden graph', () => {
    const { nodes, edges } = graphLists(foldGraph(sampleCheckoutRun()));
    const fine = { failedCalls: 0, recovered: 0, runFailed: false };
    expect(nodes).toEqual([
      {
        ...fine,
        id: 'agent:CheckoutAgent',
        kind: 'agent',
        name: 'CheckoutAgent',
        status: 'ok',
        calls: 1,
        errors: 0,
        faults: 0,
        blocked: 0,
        open: 0,
        lastStatus: 'ok',
      },
      {
        ...fine,
        id: 'agent:InventoryAgent',
        kind: 'agent',
        name: 'InventoryAgent',
        status: 'ok',
        calls: 1,
        errors: 0,
        faults: 0,
        blocked: 0,
        open: 0,
        lastStatus: 'ok',
      },
      {
        ...fine,
        id: 'service:inventory',
        kind: 'service',
        name: 'inventory',
        status: 'ok',
        calls: 1,
        errors: 0,
        faults: 0,
        blocked: 0,
        open: 0,
        lastStatus: 'ok',
      },
      // The declined authorization, then the one that went through: the agent and the service both say so.
      {
        ...fine,
        id: 'agent:PaymentAgent',
        kind: 'agent',
        name: 'PaymentAgent',
        status: 'recovered',
        calls: 1,
        errors: 0,
        failedCalls: 1,
        recovered: 1,
        faults: 1,
        blocked: 0,
        open: 0,
        lastStatus: 'ok',
      },
      {
        ...fine,
        id: 'service:payment',
        kind: 'service',
        name: 'payment',
        status: 'recovered',
        calls: 2,
        errors: 1,
        failedCalls: 1,
        recovered: 1,
        faults: 1,
        blocked: 0,
        open: 0,
        lastStatus: 'ok',
      },
    ]);
    const base = {
      replyCount: 0,
      errorCount: 0,
      faultCount: 0,
      blockedCount: 0,
      recoveredCount: 0,
      unrecovered: 0,
      lastStatus: 'ok',
      active: false,
      open: 0,
    };
    expect(edges).toEqual([
      {
        ...base,
        id: 'message:CheckoutAgent->agent:InventoryAgent',
        kind: 'message',
        source: 'agent:CheckoutAgent',
        target: 'agent:InventoryAgent',
        count: 1,
        replyCount: 1,
        okCount: 1,
        lastTs: T0 + 23,
      },
      {
        ...base,
        id: 'tool:InventoryAgent->service:inventory',
        kind: 'tool',
        source: 'agent:InventoryAgent',
        target: 'service:inventory',
        count: 1,
        okCount: 1,
        lastTs: T0 + 21,
      },
      {
        ...base,
        id: 'message:CheckoutAgent->agent:PaymentAgent',
        kind: 'message',
        source: 'agent:CheckoutAgent',
        target: 'agent:PaymentAgent',
        count: 1,
        replyCount: 1,
        okCount: 1,
        lastTs: T0 + 35,
      },
      {
        ...base,
        id: 'tool:PaymentAgent->service:payment',
        kind: 'tool',
        source: 'agent:PaymentAgent',
        target: 'service:payment',
        count: 2,
        okCount: 1,
        errorCount: 1,
        faultCount: 1,
        recoveredCount: 1,
        lastTs: T0 + 33,
      },
    ]);
  });

  it('shows open calls as active mid-run', () => {
    const state = foldGraph(sampleCheckoutRun().slice(0, 17)); // the fault has fired, the result is not in yet
    expect(state.edges['tool:PaymentAgent->service:payment']).toMatchObject({
      active: true,
      open: 1,
      count: 1,
      faultCount: 1,
      lastStatus: null,
    });
    expect(state.edges['message:CheckoutAgent->agent:PaymentAgent']).toMatchObject({ active: true, replyCount: 0 });
    expect(state.edges['message:CheckoutAgent->agent:InventoryAgent'].active).toBe(false);
    expect(Object.fromEntries(Object.values(state.nodes).map((n) => [n.id, n.status]))).toEqual({
      'agent:CheckoutAgent': 'active',
      'agent:InventoryAgent': 'ok',
      'service:inventory': 'ok',
      'agent:PaymentAgent': 'active',
      'service:payment': 'active',
    });
  });

  it('applied live, with duplicates, equals the replay', () => {
    const events = sampleCheckoutRun();
    let live = emptyGraph;
    for (const event of events) live = reduceGraph(reduceGraph(live, event), event);
    expect(live).toEqual(foldGraph(events));
  });

  it('marks what was still open as failed when the run is interrupted', () => {
    const prefix = sampleCheckoutRun().slice(0, 17);
    const state = foldGraph([
      ...prefix,
      {
        type: 'run.interrupted',
        runId: 'run_1',
        seq: 18,
        ts: T0 + 50,
        spanId: 'run',
        parentSpanId: null,
        agent: null,
        data: { reason: 'restart' },
      },
    ]);
    expect(Object.values(state.edges).every((e) => !e.active && e.open === 0)).toBe(true);
    expect(state.edges['tool:PaymentAgent->service:payment'].lastStatus).toBe('error');
    expect(state.nodes['service:payment'].status).toBe('error');
    expect(state.nodes['agent:InventoryAgent'].status).toBe('ok');
  });

  it('draws the orchestrator as one agent calling services directly', () => {
    const call = (span: string, service: 'inventory' | 'payment', operation: string): NewTraceEvent => ({
      type: 'tool.call',
      spanId: span,
      parentSpanId: 'run',
      agent: 'OrderService',
      data: { toolName: operation, toolCallId: span, input: {}, service, operation },
    });
    const result = (span: string, service: 'inventory' | 'payment', operation: string, ok: boolean): NewTraceEvent => ({
      type: 'tool.result',
      spanId: span,
      parentSpanId: 'run',
      agent: 'OrderService',
      data: {
        toolName: operation,
        toolCallId: span,
        status: ok ? 'ok' : 'error',
        latencyMs: 1,
        service,
        operation,
        ...(ok ? {} : { error: { code: 'gateway_timeout', message: 't', retryable: true } }),
      },
    });
    const events = stamp('run_o', [
      {
        type: 'run.started',
        spanId: 'run',
        parentSpanId: null,
        agent: null,
        data: {
          goal: 'g',
          orderId: 'o',
          customerId: 'c',
          mode: 'orchestrator',
          model: 'none',
          seed: 1,
          faultRules: [],
        },
      },
      call('t1', 'inventory', 'reserve'),
      result('t1', 'inventory', 'reserve', true),
      call('t2', 'payment', 'authorize'),
      {
        type: 'fault.injected',
        spanId: 't2',
        parentSpanId: 'run',
        agent: 'OrderService',
        data: {
          ruleId: 'r',
          ruleName: 'r',
          service: 'payment',
          operation: 'authorize',
          kind: 'timeout',
          effect: 'gateway_timeout',
        },
      },
      result('t2', 'payment', 'authorize', false),
      {
        type: 'run.finished',
        spanId: 'run',
        parentSpanId: null,
        agent: null,
        data: { status: 'failed', outcome: 'payment timed out', durationMs: 6 },
      },
    ]);
    const { nodes, edges } = graphLists(foldGraph(events));
    expect(nodes.map((n) => `${n.id} ${n.status} calls=${n.calls} errors=${n.errors} faults=${n.faults}`)).toEqual([
      'agent:OrderService error calls=0 errors=0 faults=1',
      'service:inventory ok calls=1 errors=0 faults=0',
      'service:payment error calls=1 errors=1 faults=1',
    ]);
    expect(edges.map((e) => `${e.id} ${e.count} ok=${e.okCount} err=${e.errorCount} faults=${e.faultCount}`)).toEqual([
      'tool:OrderService->service:inventory 1 ok=1 err=0 faults=0',
      'tool:OrderService->service:payment 1 ok=0 err=1 faults=1',
    ]);
  });

  it('never shows a green root in a failed run: the orchestrator released the stock (ok) after the decline, and is red', () => {
    const events = stamp('run_r', [
      {
        type: 'run.started',
        spanId: 'run',
        parentSpanId: null,
        agent: null,
        data: {
          goal: 'g',
          orderId: 'o',
          customerId: 'c',
          mode: 'orchestrator',
          model: 'none',
          seed: 1,
          faultRules: [],
        },
      },
      {
        type: 'tool.call',
        spanId: 't1',
        parentSpanId: 'run',
        agent: 'OrderService',
        data: { toolName: 'authorize', toolCallId: 't1', input: {}, service: 'payment', operation: 'authorize' },
      },
      {
        type: 'tool.result',
        spanId: 't1',
        parentSpanId: 'run',
        agent: 'OrderService',
        data: {
          toolName: 'authorize',
          toolCallId: 't1',
          status: 'error',
          latencyMs: 1,
          service: 'payment',
          operation: 'authorize',
          error: { code: 'card_declined', message: 'd', retryable: false },
        },
      },
      {
        type: 'tool.call',
        spanId: 't2',
        parentSpanId: 'run',
        agent: 'OrderService',
        data: { toolName: 'release', toolCallId: 't2', input: {}, service: 'inventory', operation: 'release' },
      },
      {
        type: 'tool.result',
        spanId: 't2',
        parentSpanId: 'run',
        agent: 'OrderService',
        data: {
          toolName: 'release',
          toolCallId: 't2',
          status: 'ok',
          latencyMs: 1,
          service: 'inventory',
          operation: 'release',
        },
      },
      {
        type: 'run.finished',
        spanId: 'run',
        parentSpanId: null,
        agent: null,
        data: { status: 'failed', outcome: 'declined', durationMs: 4 },
      },
    ]);
    const before = foldGraph(events.slice(0, -1));
    expect(before.rootId).toBe('agent:OrderService');
    // The release on another service does not make the decline good: failed 1, recovered 0, so not green.
    expect(before.nodes['agent:OrderService']).toMatchObject({
      status: 'error',
      failedCalls: 1,
      recovered: 0,
      runFailed: false,
    });
    const after = foldGraph(events);
    expect(after.nodes['agent:OrderService']).toMatchObject({ status: 'error', runFailed: true, failedCalls: 1 });
    expect(after.nodes['service:inventory'].status).toBe('ok');
    expect(after.nodes['service:payment']).toMatchObject({ status: 'error', failedCalls: 1 });
  });

  it("a succeeded run's root stays as its work ended; the agents' root is the agent invoked from the run", () => {
    const state = foldGraph(sampleCheckoutRun());
    expect(state.rootId).toBe('agent:CheckoutAgent');
    expect(state.nodes['agent:CheckoutAgent'].runFailed).toBe(false);
    const events = sampleCheckoutRun();
    const end = events.at(-1)!;
    expect(end.type).toBe('run.finished');
    const failed = foldGraph([
      ...events.slice(0, -1),
      { ...end, data: { status: 'failed', outcome: 'order failed cleanly', durationMs: 1 } } as typeof end,
    ]);
    expect(failed.nodes['agent:CheckoutAgent']).toMatchObject({ status: 'error', runFailed: true });
    expect(failed.nodes['agent:InventoryAgent'].status).toBe('ok');
  });
});
