import { describe, expect, it } from 'vitest';
import {
  emptySpans,
  foldSpans,
  reduceSpans,
  runSpan,
  spanTree,
  type SpanNode,
  type SpanState,
} from '@/lib/trace/projections/spans';
import { timeline } from '@/lib/trace/projections/timeline';
import { sampleCheckoutRun, stamp } from '../../../support/trace/sample-run';

const T0 = 1_000_000;

/** One line per span: id parent kind name status start end (ms after the run start) [error] [faults]. */
function spanLines(state: SpanState): string[] {
  return state.order.map((id) => {
    const s = state.spans[id];
    const end = s.endTs === null ? 'open' : String(s.endTs - T0);
    const extra = [s.error ? `error=${s.error.code}` : '', s.faultCount ? `faults=${s.faultCount}` : '']
      .filter(Boolean)
      .join(' ');
    return `${s.id} <${s.parentId ?? '-'}> ${s.kind} "${s.name}" ${s.status} ${s.startTs - T0}..${end}${extra ? ` ${extra}` : ''}`;
  });
}

describe('spans fold', () => {
  it('folds a checkout into the golden spans', () => {
    expect(spanLines(foldSpans(sampleCheckoutRun()))).toEqual([
      'run <-> run "run agents" ok 0..41',
      's1 <run> invoke_agent "invoke_agent CheckoutAgent" ok 1..40',
      's2 <s1> chat "chat offline" ok 1..11',
      's3 <s1> execute_tool "execute_tool ask_inventory_agent" ok 12..23',
      's3/msg-5 <s3> message "message CheckoutAgent → InventoryAgent" ok 12..12',
      's4 <s3> invoke_agent "invoke_agent InventoryAgent" ok 13..22',
      's5 <s4> chat "chat offline" ok 13..18',
      's6 <s4> execute_tool "execute_tool reserve" ok 19..21',
      's3/msg-11 <s3> message "message InventoryAgent → CheckoutAgent" ok 22..22',
      's7 <s1> execute_tool "execute_tool ask_payment_agent" ok 24..35',
      's7/msg-14 <s7> message "message CheckoutAgent → PaymentAgent" ok 24..24',
      's8 <s7> invoke_agent "invoke_agent PaymentAgent" ok 25..34',
      's9 <s8> execute_tool "execute_tool authorize" error 26..28 error=card_declined faults=1',
      's10 <s8> execute_tool "execute_tool authorize" ok 30..33',
      's7/msg-22 <s7> message "message PaymentAgent → CheckoutAgent" ok 34..34',
    ]);
  });

  it('keeps each event on its span, and OTel GenAI attributes', () => {
    const state = foldSpans(sampleCheckoutRun());
    expect(state.spans.s9.events.map((e) => e.type)).toEqual(['tool.call', 'fault.injected', 'tool.result']);
    expect(state.spans.s9.attributes).toEqual({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'authorize',
      'gen_ai.tool.call.id': 'tc4',
      'service.name': 'payment',
      'service.operation': 'authorize',
      'error.type': 'card_declined',
    });
    expect(state.spans.s2.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.usage.input_tokens': 100,
      'gen_ai.usage.output_tokens': 20,
    });
    expect(runSpan(state)?.events.map((e) => e.type)).toEqual(['run.started', 'run.finished']);
    // Every event lands in exactly one span.
    const counted = Object.values(state.spans).reduce((n, s) => n + s.events.length, 0);
    expect(counted + state.orphans.length).toBe(25);
  });

  it('nests the tree under the run span', () => {
    const names = (nodes: SpanNode[]): unknown[] =>
      nodes.map((n) => (n.children.length ? [n.span.id, names(n.children)] : n.span.id));
    expect(names(spanTree(foldSpans(sampleCheckoutRun())))).toEqual([
      [
        'run',
        [
          [
            's1',
            [
              's2',
              ['s3', ['s3/msg-5', ['s4', ['s5', 's6']], 's3/msg-11']],
              ['s7', ['s7/msg-14', ['s8', ['s9', 's10']], 's7/msg-22']],
            ],
          ],
        ],
      ],
    ]);
  });

  it('gives a live view applying events one by one (with re-deliveries) the same state as a replay', () => {
    const events = sampleCheckoutRun();
    let live = emptySpans;
    for (const [i, event] of events.entries()) {
      live = reduceSpans(live, event);
      live = reduceSpans(live, event); // a duplicate delivery
      if (i > 3) live = reduceSpans(live, events[i - 3]); // an old one after a reconnect
    }
    expect(live).toEqual(foldSpans(events));
  });

  it('shows a prefix with its open spans open', () => {
    const state = foldSpans(sampleCheckoutRun().slice(0, 17));
    expect(['s1', 's7', 's8', 's9'].map((id) => state.spans[id].status)).toEqual([
      'running',
      'running',
      'running',
      'running',
    ]);
    expect(state.spans.s9.endTs).toBeNull();
    expect(state.spans.s9.faultCount).toBe(1);
  });

  it('closes every open span when the run is interrupted', () => {
    const prefix = sampleCheckoutRun().slice(0, 17);
    const interrupted = stamp(
      'run_1',
      [
        {
          type: 'run.interrupted',
          spanId: 'run',
          parentSpanId: null,
          agent: null,
          data: { reason: 'server restarted' },
        },
      ],
      T0 + 50,
    )[0];
    const state = foldSpans([...prefix, { ...interrupted, seq: 18 }]);
    for (const id of ['run', 's1', 's7', 's8', 's9']) {
      expect(state.spans[id]).toMatchObject({
        status: 'error',
        endTs: T0 + 50,
        error: { code: 'interrupted', message: 'server restarted' },
      });
    }
    expect(state.spans.s6.status).toBe('ok');
  });

  it('keeps events of spans that never opened as orphans instead of dropping them', () => {
    const events = stamp('run_2', [
      {
        type: 'run.started',
        spanId: 'run',
        parentSpanId: null,
        agent: null,
        data: { goal: 'g', orderId: 'o', customerId: 'c', mode: 'agents', model: 'm', seed: 1, faultRules: [] },
      },
      {
        type: 'tool.result',
        spanId: 'ghost',
        parentSpanId: 'run',
        agent: 'OrderService',
        data: { toolName: 'x', toolCallId: 'x1', status: 'ok', latencyMs: 1 },
      },
      {
        type: 'agent.started',
        spanId: 'run',
        parentSpanId: null,
        agent: 'CheckoutAgent',
        data: { agent: 'CheckoutAgent', goal: 'reuse of the root id' },
      },
    ]);
    const state = foldSpans(events);
    expect(state.orphans.map((e) => e.seq)).toEqual([2, 3]);
    expect(state.order).toEqual(['run']);
  });
});

describe('timeline', () => {
  it('lays out the golden waterfall', () => {
    const t = timeline(foldSpans(sampleCheckoutRun()));
    expect({ start: t.startTs, duration: t.durationMs }).toEqual({ start: T0, duration: 41 });
    expect(
      t.rows.map((r) => `${'  '.repeat(r.depth)}${r.spanId} +${r.offsetMs} ${r.durationMs}ms ${r.status}`),
    ).toEqual([
      'run +0 41ms ok',
      '  s1 +1 39ms ok',
      '    s2 +1 10ms ok',
      '    s3 +12 11ms ok',
      '      s3/msg-5 +12 0ms ok',
      '      s4 +13 9ms ok',
      '        s5 +13 5ms ok',
      '        s6 +19 2ms ok',
      '      s3/msg-11 +22 0ms ok',
      '    s7 +24 11ms ok',
      '      s7/msg-14 +24 0ms ok',
      '      s8 +25 9ms ok',
      '        s9 +26 2ms error',
      '        s10 +30 3ms ok',
      '      s7/msg-22 +34 0ms ok',
    ]);
  });

  it('draws open spans up to now', () => {
    const t = timeline(foldSpans(sampleCheckoutRun().slice(0, 17)), T0 + 100);
    const s9 = t.rows.find((r) => r.spanId === 's9');
    expect(s9).toMatchObject({ open: true, offsetMs: 26, durationMs: 74, faultCount: 1 });
    expect(t.durationMs).toBe(100);
  });

  it('is empty before the first event', () => {
    expect(timeline(emptySpans)).toEqual({ startTs: null, endTs: null, durationMs: 0, rows: [] });
  });
});
