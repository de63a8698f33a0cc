import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  otlpTracesDocumentSchema,
  SPAN_KIND,
  STATUS_CODE,
  type OtlpSpan,
  type OtlpTracesDocument,
} from '@/lib/export/otlp-json';
import { otlpSpanId, otlpTraceId } from '@/lib/export/otlp-values';
import { runToOtlp, splitModelLabel, type ExportedRun } from '@/lib/export/to-otlp';
import type { OtlpAnyValue } from '@/lib/export/otlp-json';
import { foldSpans } from '@/lib/trace/projections/spans';
import type { TraceEvent } from '@/lib/trace/events';
import { createHistoryFixture, type HistoryFixture } from '../../support/history-fixture';

let f: HistoryFixture;
let runs: Map<string, ExportedRun>;
beforeAll(async () => {
  f = await createHistoryFixture();
  runs = new Map((await f.h.t.db.run.findMany()).map((r) => [r.id, r]));
}, 120_000);
afterAll(async () => f.dispose());

const spansOf = (doc: OtlpTracesDocument): OtlpSpan[] =>
  doc.resourceSpans!.flatMap((r) => r.scopeSpans!.flatMap((s) => s.spans ?? []));

function attr(span: OtlpSpan, key: string): OtlpAnyValue | undefined {
  return span.attributes?.find((a) => a.key === key)?.value;
}

const nanos = (v: string | number) => BigInt(v);

/** What "the tree is consistent" means: one root, every parent present, ids unique, times ordered, children inside parents. */
function expectConsistentTree(spans: OtlpSpan[], label: string): void {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  expect(byId.size, `${label}: unique span ids`).toBe(spans.length);
  expect(new Set(spans.map((s) => s.traceId)).size, `${label}: one trace`).toBe(1);
  expect(
    spans.filter((s) => !s.parentSpanId),
    `${label}: one root`,
  ).toHaveLength(1);
  for (const span of spans) {
    expect(
      nanos(span.startTimeUnixNano) <= nanos(span.endTimeUnixNano),
      `${label}: ${span.name} starts before it ends`,
    ).toBe(true);
    if (!span.parentSpanId) continue;
    const parent = byId.get(span.parentSpanId);
    expect(parent, `${label}: parent of ${span.name}`).toBeDefined();
    expect(
      nanos(span.startTimeUnixNano) >= nanos(parent!.startTimeUnixNano),
      `${label}: ${span.name} starts inside ${parent!.name}`,
    ).toBe(true);
    expect(
      nanos(span.endTimeUnixNano) <= nanos(parent!.endTimeUnixNano),
      `${label}: ${span.name} ends inside ${parent!.name}`,
    ).toBe(true);
    for (const event of span.events ?? []) {
      expect(
        nanos(event.timeUnixNano) >= nanos(span.startTimeUnixNano) &&
          nanos(event.timeUnixNano) <= nanos(span.endTimeUnixNano),
        `${label}: ${event.name} inside ${span.name}`,
      ).toBe(true);
    }
  }
}

describe('runToOtlp on real runs', () => {
  it('validates against the OTLP/JSON schema and forms one consistent tree per run, whatever the run went through', () => {
    for (const id of f.runIds) {
      const doc = runToOtlp(runs.get(id)!, f.events.get(id)!);
      const parsed = otlpTracesDocumentSchema.safeParse(JSON.parse(JSON.stringify(doc)));
      expect(parsed.error?.issues ?? [], id).toEqual([]);
      const spans = spansOf(doc);
      expect(spans.length, id).toBe(foldSpans(f.events.get(id)!).order.length);
      expect(spans.every((s) => s.traceId === otlpTraceId(id))).toBe(true);
      expectConsistentTree(spans, id);
    }
  });

  it('follows the GenAI conventions: operation names, agent and tool names, call ids, models, token usage', () => {
    for (const id of f.runIds) {
      const events = f.events.get(id)!;
      const spans = spansOf(runToOtlp(runs.get(id)!, events));
      const byOurId = new Map(spans.map((s) => [attr(s, 'aco.span.id')?.stringValue, s]));
      for (const event of events) {
        if (event.type === 'model.step') {
          const span = byOurId.get(event.spanId)!;
          const { provider, model } = splitModelLabel(event.data.model);
          expect(span.name).toBe(`chat ${model}`);
          expect(span.kind).toBe(SPAN_KIND.CLIENT);
          expect(attr(span, 'gen_ai.operation.name')).toEqual({ stringValue: 'chat' });
          expect(attr(span, 'gen_ai.request.model')).toEqual({ stringValue: model });
          expect(attr(span, 'gen_ai.provider.name')).toEqual({ stringValue: provider });
          expect(attr(span, 'gen_ai.agent.name')).toEqual({ stringValue: event.data.agent });
          expect(attr(span, 'gen_ai.usage.input_tokens')).toEqual({ intValue: String(event.data.usage.inputTokens) });
          expect(attr(span, 'gen_ai.usage.output_tokens')).toEqual({ intValue: String(event.data.usage.outputTokens) });
          const output = JSON.parse(attr(span, 'gen_ai.output.messages')!.stringValue!) as {
            parts: { type: string; content?: string; name?: string }[];
          }[];
          if (event.data.reasoning)
            expect(output[0].parts).toContainEqual({ type: 'reasoning', content: event.data.reasoning });
          expect(output[0].parts.filter((p) => p.type === 'tool_call').map((p) => p.name)).toEqual(
            event.data.toolCalls.map((c) => c.toolName),
          );
        }
        if (event.type === 'tool.call') {
          const span = byOurId.get(event.spanId)!;
          expect(span.name).toBe(`execute_tool ${event.data.toolName}`);
          expect(attr(span, 'gen_ai.operation.name')).toEqual({ stringValue: 'execute_tool' });
          expect(attr(span, 'gen_ai.tool.name')).toEqual({ stringValue: event.data.toolName });
          expect(attr(span, 'gen_ai.tool.call.id')).toEqual({ stringValue: event.data.toolCallId });
          expect(attr(span, 'gen_ai.agent.name')).toEqual({ stringValue: event.agent });
          expect(JSON.parse(attr(span, 'gen_ai.tool.call.arguments')!.stringValue!)).toEqual(event.data.input);
        }
        if (event.type === 'agent.started') {
          const span = byOurId.get(event.spanId)!;
          expect(span.name).toBe(`invoke_agent ${event.data.agent}`);
          expect(attr(span, 'gen_ai.operation.name')).toEqual({ stringValue: 'invoke_agent' });
          expect(attr(span, 'gen_ai.agent.name')).toEqual({ stringValue: event.data.agent });
        }
      }
    }
  });

  it('marks failures as ERROR with their message, and injected faults as span events on the tool span where they fired', () => {
    let failures = 0;
    let faults = 0;
    for (const id of f.runIds) {
      const events = f.events.get(id)!;
      const spans = spansOf(runToOtlp(runs.get(id)!, events));
      const byOurId = new Map(spans.map((s) => [attr(s, 'aco.span.id')?.stringValue, s]));
      for (const event of events) {
        if (event.type === 'tool.result' && event.data.status === 'error') {
          failures++;
          const span = byOurId.get(event.spanId)!;
          expect(span.status?.code).toBe(STATUS_CODE.ERROR);
          expect(span.status?.message).toContain(event.data.error?.code ?? 'tool_error');
          expect(attr(span, 'error.type')).toEqual(
            event.data.error ? { stringValue: event.data.error.code } : undefined,
          );
        }
        if (event.type === 'tool.result' && event.data.status === 'ok')
          expect(byOurId.get(event.spanId)!.status).toBeUndefined();
      }
      const injected = events.filter(
        (e): e is Extract<TraceEvent, { type: 'fault.injected' }> => e.type === 'fault.injected',
      );
      const exported = spans.flatMap((s) =>
        (s.events ?? []).filter((e) => e.name === 'fault.injected').map((e) => ({ span: s, e })),
      );
      expect(exported.length, id).toBe(injected.length);
      for (const fault of injected) {
        faults++;
        const span = byOurId.get(fault.spanId)!;
        const event = span.events!.find(
          (e) =>
            e.name === 'fault.injected' &&
            e.attributes?.some((a) => a.key === 'aco.fault.kind' && a.value?.stringValue === fault.data.kind),
        );
        expect(event, `${id}: ${fault.data.kind}`).toBeDefined();
      }
      const root = spans.find((s) => !s.parentSpanId)!;
      expect(root.status?.code === STATUS_CODE.ERROR).toBe(runs.get(id)!.status !== 'succeeded');
    }
    expect(failures).toBeGreaterThan(0);
    expect(faults).toBeGreaterThan(0);
  });

  it('is deterministic, and exports a run still in progress with its open spans ending at the latest event', () => {
    const id = f.runIds[1];
    const events = f.events.get(id)!;
    expect(JSON.stringify(runToOtlp(runs.get(id)!, events))).toBe(JSON.stringify(runToOtlp(runs.get(id)!, events)));
    const half = events.slice(0, Math.floor(events.length / 2));
    const doc = runToOtlp({ ...runs.get(id)!, status: 'running' }, half);
    expect(otlpTracesDocumentSchema.safeParse(doc).success).toBe(true);
    const spans = spansOf(doc);
    expectConsistentTree(spans, 'in progress');
    const lastNanos = BigInt(half.at(-1)!.ts) * 1_000_000n;
    const root = spans.find((s) => !s.parentSpanId)!;
    expect(nanos(root.endTimeUnixNano)).toBe(lastNanos);
    expect(root.status).toBeUndefined();
  });

  it('hangs a span whose parent never appeared from the run, so the tree stays whole', () => {
    const id = f.runIds[0];
    const events = f.events.get(id)!;
    const last = events.at(-1)!;
    const stray: TraceEvent = {
      runId: id,
      seq: last.seq + 1,
      ts: last.ts,
      type: 'tool.call',
      spanId: 'stray',
      parentSpanId: 'never-opened',
      agent: 'PaymentAgent',
      data: { toolName: 'payment_status', toolCallId: 'c_stray', input: {} },
    };
    const spans = spansOf(runToOtlp(runs.get(id)!, [...events.slice(0, -1), stray, { ...last, seq: last.seq + 2 }]));
    const span = spans.find((s) => attr(s, 'aco.span.id')?.stringValue === 'stray')!;
    expect(span.parentSpanId).toBe(otlpSpanId(id, 'run'));
    expectConsistentTree(spans, 'stray');
  });
});
