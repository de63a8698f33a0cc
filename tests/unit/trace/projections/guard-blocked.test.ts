import { describe, expect, it } from 'vitest';
import { foldGraph, toolEdgeId } from '@/lib/trace/projections/graph';
import { foldRunSummary } from '@/lib/trace/projections/run-summary';
import { foldSpans } from '@/lib/trace/projections/spans';
import { timeline } from '@/lib/trace/projections/timeline';
import { runToOtlp } from '@/lib/export/to-otlp';
import { stamp } from '../../../support/trace/sample-run';

/**
 * A PaymentAgent whose refund of another order's capture the guard refused (on the tool's span,
 * then the out_of_scope result), which then tried a shipping tool it does not have (a span of its
 * own), and whose one real call failed at the service.
 */
const refused = {
  ok: false,
  error: { code: 'out_of_scope', message: 'captureId cap_9 belongs to another order.', retryable: false },
};
const events = stamp('run_g', [
  {
    type: 'run.started',
    spanId: 'run',
    parentSpanId: null,
    agent: null,
    data: { goal: 'buy', orderId: 'o1', customerId: 'c1', mode: 'agents', model: 'x', seed: 0, faultRules: [] },
  },
  {
    type: 'agent.started',
    spanId: 's1',
    parentSpanId: 'run',
    agent: 'PaymentAgent',
    data: { agent: 'PaymentAgent', goal: 'refund' },
  },
  {
    type: 'tool.call',
    spanId: 's2',
    parentSpanId: 's1',
    agent: 'PaymentAgent',
    data: {
      toolName: 'payment_refund',
      toolCallId: 'tc1',
      input: { orderId: 'o1', captureId: 'cap_9' },
      service: 'payment',
      operation: 'refund',
    },
  },
  {
    type: 'guard.blocked',
    spanId: 's2',
    parentSpanId: 's1',
    agent: 'PaymentAgent',
    data: {
      agent: 'PaymentAgent',
      toolName: 'payment_refund',
      toolCallId: 'tc1',
      input: { orderId: 'o1', captureId: 'cap_9' },
      reason: 'out_of_scope',
      code: 'out_of_scope',
      message: refused.error.message,
      service: 'payment',
    },
  },
  {
    type: 'tool.result',
    spanId: 's2',
    parentSpanId: 's1',
    agent: 'PaymentAgent',
    data: {
      toolName: 'payment_refund',
      toolCallId: 'tc1',
      status: 'error',
      output: refused,
      error: refused.error,
      latencyMs: 0,
      service: 'payment',
      operation: 'refund',
    },
  },
  {
    type: 'guard.blocked',
    spanId: 's3',
    parentSpanId: 's1',
    agent: 'PaymentAgent',
    data: {
      agent: 'PaymentAgent',
      toolName: 'shipping_cancel_label',
      toolCallId: 'tc2',
      input: { labelId: 'lbl_9' },
      reason: 'unknown_tool',
      code: 'AI_NoSuchToolError',
      message: "Model tried to call unavailable tool 'shipping_cancel_label'.",
      service: 'shipping',
    },
  },
  {
    type: 'tool.call',
    spanId: 's4',
    parentSpanId: 's1',
    agent: 'PaymentAgent',
    data: {
      toolName: 'payment_void',
      toolCallId: 'tc3',
      input: { orderId: 'o1' },
      service: 'payment',
      operation: 'void',
    },
  },
  {
    type: 'tool.result',
    spanId: 's4',
    parentSpanId: 's1',
    agent: 'PaymentAgent',
    data: {
      toolName: 'payment_void',
      toolCallId: 'tc3',
      status: 'error',
      error: { code: 'invalid_state', message: 'nothing to void', retryable: false },
      latencyMs: 1,
      service: 'payment',
      operation: 'void',
    },
  },
  {
    type: 'agent.finished',
    spanId: 's1',
    parentSpanId: 'run',
    agent: 'PaymentAgent',
    data: { agent: 'PaymentAgent', status: 'ok', answer: 'done', steps: 2, durationMs: 7 },
  },
  {
    type: 'run.finished',
    spanId: 'run',
    parentSpanId: null,
    agent: null,
    data: { status: 'failed', outcome: 'order failed', durationMs: 9 },
  },
]);

describe('guard.blocked in the projections', () => {
  it('the summary counts blocked attempts apart from the services\u2019 errors', () => {
    expect(foldRunSummary(events)).toMatchObject({ blocked: 2, errors: 1, toolCalls: 2 });
  });

  it('the graph marks the refused call blocked (not ok, not a service error) and draws the foreign tool as a blocked-only edge', () => {
    const graph = foldGraph(events);
    expect(graph.edges[toolEdgeId('PaymentAgent', 'payment')]).toMatchObject({
      count: 2,
      okCount: 0,
      errorCount: 1,
      blockedCount: 1,
      open: 0,
      lastStatus: 'error',
    });
    expect(graph.nodes['service:payment']).toMatchObject({ calls: 1, errors: 1, blocked: 1 });
    expect(graph.edges[toolEdgeId('PaymentAgent', 'shipping')]).toMatchObject({
      count: 0,
      okCount: 0,
      errorCount: 0,
      blockedCount: 1,
      open: 0,
    });
    expect(graph.nodes['service:shipping']).toMatchObject({ calls: 0, blocked: 1, status: 'idle' });
    expect(graph.nodes['agent:PaymentAgent'].blocked).toBe(2);
  });

  it('spans and timeline rows: the tool span is blocked, the foreign call is a finished span of its own', () => {
    const spans = foldSpans(events);
    expect(spans.spans.s2).toMatchObject({
      kind: 'execute_tool',
      blocked: true,
      status: 'error',
      error: { code: 'out_of_scope' },
    });
    expect(spans.spans.s3).toMatchObject({
      kind: 'execute_tool',
      name: 'execute_tool shipping_cancel_label',
      parentId: 's1',
      blocked: true,
      status: 'error',
      error: { code: 'unknown_tool' },
    });
    expect(spans.spans.s3.endTs).toBe(spans.spans.s3.startTs);
    expect(spans.spans.s4.blocked).toBe(false);
    const rows = timeline(spans).rows;
    expect(rows.filter((r) => r.blocked).map((r) => r.spanId)).toEqual(['s2', 's3']);
    expect(spans.orphans).toEqual([]);
  });

  it('OTLP: each block is a span event with its reason; the foreign call\u2019s span names the tool it tried', () => {
    const doc = runToOtlp(
      {
        id: 'run_g',
        mode: 'agents',
        model: 'x',
        status: 'failed',
        outcome: 'order failed',
        batchId: null,
        parentRunId: null,
        forkedAtSeq: null,
      },
      events,
    );
    const spans = (doc.resourceSpans ?? []).flatMap((r) => (r.scopeSpans ?? []).flatMap((x) => x.spans ?? []));
    const blockedEvents = spans.flatMap((s) =>
      (s.events ?? [])
        .filter((e) => e.name === 'guard.blocked')
        .map((e) => ({
          span: s.name,
          attributes: Object.fromEntries((e.attributes ?? []).map((a) => [a.key, a.value])),
        })),
    );
    expect(blockedEvents).toHaveLength(2);
    expect(blockedEvents.map((b) => [b.span, b.attributes['aco.guard.reason']])).toEqual([
      ['execute_tool payment_refund', { stringValue: 'out_of_scope' }],
      ['execute_tool shipping_cancel_label', { stringValue: 'unknown_tool' }],
    ]);
    const foreign = spans.find((s) => s.name === 'execute_tool shipping_cancel_label')!;
    expect(Object.fromEntries((foreign.attributes ?? []).map((a) => [a.key, a.value]))).toMatchObject({
      'gen_ai.tool.name': { stringValue: 'shipping_cancel_label' },
      'error.type': { stringValue: 'unknown_tool' },
    });
  });
});
