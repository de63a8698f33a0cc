import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capMessages, INPUT_MESSAGES_CAP_BYTES } from '@/lib/export/genai-messages';
import {
  otlpTracesDocumentSchema,
  type OtlpAnyValue,
  type OtlpSpan,
  type OtlpTracesDocument,
} from '@/lib/export/otlp-json';
import { readableSpans } from '@/lib/export/otlp-readable';
import { runToOtlp, type ExportedRun } from '@/lib/export/to-otlp';
import { decodeOtlpTraces } from '@/lib/ingest/otlp-protobuf';
import type { TraceEvent } from '@/lib/trace/events';
import { createHistoryFixture, type HistoryFixture } from '../../support/history-fixture';

/**
 * The export against the OpenTelemetry GenAI semantic conventions (semantic-conventions v1.41,
 * docs/gen-ai/gen-ai-agent-spans.md "Invoke agent internal span", gen-ai-spans.md "Inference" and
 * "Execute tool span"): every Required attribute, and every Conditionally Required one whose
 * condition holds for our runs. The spans are read back the way a collector reads them: encoded by
 * OpenTelemetry's own serializers (otlp-transformer: protobuf and JSON), decoded from protobuf.
 */

let f: HistoryFixture;
let runs: Map<string, ExportedRun>;
beforeAll(async () => {
  f = await createHistoryFixture();
  runs = new Map((await f.h.t.db.run.findMany()).map((r) => [r.id, r]));
}, 120_000);
afterAll(async () => f.dispose());

const spansOf = (doc: OtlpTracesDocument): OtlpSpan[] =>
  (doc.resourceSpans ?? []).flatMap((r) => (r.scopeSpans ?? []).flatMap((s) => s.spans ?? []));
const attr = (span: OtlpSpan, key: string): OtlpAnyValue | undefined =>
  span.attributes?.find((a) => a.key === key)?.value;
const str = (span: OtlpSpan, key: string): string | undefined => attr(span, key)?.stringValue;

/** Decoded from the protobuf the download serves: what a collector (Phoenix, Tempo, the OTel Collector) receives. */
function viaProtobuf(doc: OtlpTracesDocument): OtlpSpan[] {
  const bytes = ProtobufTraceSerializer.serializeRequest(readableSpans(doc));
  expect(bytes).toBeInstanceOf(Uint8Array);
  const decoded = decodeOtlpTraces(bytes!);
  expect(otlpTracesDocumentSchema.safeParse(decoded).error?.issues ?? []).toEqual([]);
  return spansOf(decoded);
}

type Requirement = { key: string; when?: (span: OtlpSpan) => boolean };
const failed = (span: OtlpSpan) => span.status?.code === 2;

/** Required and Conditionally Required (with the condition our runs meet), per span kind. */
const REQUIRED: Record<'invoke_agent' | 'chat' | 'execute_tool', Requirement[]> = {
  invoke_agent: [
    { key: 'gen_ai.operation.name' },
    { key: 'gen_ai.provider.name' },
    { key: 'gen_ai.agent.name' }, // "if provided by the application": ours always are
    { key: 'gen_ai.request.model' }, // "if available": every agent has a model
    { key: 'gen_ai.conversation.id' }, // "when available": the run
    { key: 'error.type', when: failed },
  ],
  chat: [
    { key: 'gen_ai.operation.name' },
    { key: 'gen_ai.provider.name' },
    { key: 'gen_ai.request.model' },
    { key: 'gen_ai.conversation.id' },
    { key: 'error.type', when: failed },
  ],
  execute_tool: [{ key: 'gen_ai.operation.name' }, { key: 'error.type', when: failed }],
};
// Not applicable to our spans, so absent: gen_ai.request.choice.count (never != 1), gen_ai.request.seed (no
// request carries one), gen_ai.output.type (no request names an output format), server.port (no server.address),
// gen_ai.agent.id / description / version and gen_ai.data_source.id (not provided by the application).

describe('the OTLP export and the GenAI semantic conventions', () => {
  it('has every Required and Conditionally Required attribute on every invoke_agent, chat and execute_tool span, read back from protobuf', () => {
    const seen = { invoke_agent: 0, chat: 0, execute_tool: 0, failed: 0 };
    for (const id of f.runIds) {
      for (const span of viaProtobuf(runToOtlp(runs.get(id)!, f.events.get(id)!))) {
        const op = str(span, 'gen_ai.operation.name');
        if (op !== 'invoke_agent' && op !== 'chat' && op !== 'execute_tool') continue;
        seen[op]++;
        if (failed(span)) seen.failed++;
        const missing = REQUIRED[op]
          .filter((r) => (r.when ? r.when(span) : true) && attr(span, r.key) === undefined)
          .map((r) => r.key);
        expect(missing, `${id}: ${span.name}`).toEqual([]);
        // Span names as the conventions spell them.
        if (op === 'chat') expect(span.name).toBe(`chat ${str(span, 'gen_ai.request.model')}`);
        if (op === 'invoke_agent') expect(span.name).toBe(`invoke_agent ${str(span, 'gen_ai.agent.name')}`);
        if (op === 'execute_tool') expect(span.name).toBe(`execute_tool ${str(span, 'gen_ai.tool.name')}`);
      }
    }
    expect(seen.invoke_agent).toBeGreaterThan(0);
    expect(seen.chat).toBeGreaterThan(0);
    expect(seen.execute_tool).toBeGreaterThan(0);
    expect(seen.failed).toBeGreaterThan(0);
  });

  it('spells finish reasons as the conventions do, and gives chat spans their input messages', () => {
    const allowed = new Set(['stop', 'length', 'content_filter', 'tool_call', 'error']);
    let withHistory = 0;
    for (const id of f.runIds) {
      for (const span of spansOf(runToOtlp(runs.get(id)!, f.events.get(id)!))) {
        if (str(span, 'gen_ai.operation.name') !== 'chat') continue;
        const reasons = attr(span, 'gen_ai.response.finish_reasons')!.arrayValue!.values!.map((v) => v.stringValue!);
        for (const reason of reasons) expect(allowed, reason).toContain(reason);
        const output = JSON.parse(str(span, 'gen_ai.output.messages')!) as { finish_reason: string }[];
        expect(output[0].finish_reason).toBe(reasons[0]);
        const input = JSON.parse(str(span, 'gen_ai.input.messages')!) as { role: string; parts: { type: string }[] }[];
        expect(input[0].role).toBe('user');
        expect(Buffer.byteLength(str(span, 'gen_ai.input.messages')!)).toBeLessThanOrEqual(INPUT_MESSAGES_CAP_BYTES);
        if (input.some((m) => m.role === 'tool' && m.parts[0].type === 'tool_call_response')) withHistory++;
      }
    }
    expect(withHistory).toBeGreaterThan(0);
  });

  it('carries injected faults and blocked attempts as span attributes, not only as events', () => {
    let faults = 0;
    for (const id of f.runIds) {
      const events = f.events.get(id)!;
      const spans = viaProtobuf(runToOtlp(runs.get(id)!, events));
      const byOurId = new Map(spans.map((s) => [str(s, 'aco.span.id'), s]));
      for (const fault of events.filter(
        (e): e is Extract<TraceEvent, { type: 'fault.injected' }> => e.type === 'fault.injected',
      )) {
        faults++;
        const span = byOurId.get(fault.spanId)!;
        expect(attr(span, 'aco.fault.injected')).toEqual({ boolValue: true });
        expect(attr(span, 'aco.fault.kinds')!.arrayValue!.values!.map((v) => v.stringValue)).toContain(fault.data.kind);
      }
      for (const blocked of events.filter((e) => e.type === 'guard.blocked')) {
        expect(attr(byOurId.get(blocked.spanId)!, 'aco.guard.blocked'), id).toEqual({ boolValue: true });
      }
    }
    expect(faults).toBeGreaterThan(0);
  });

  it("says the same in protobuf as OpenTelemetry's own JSON encoding of the same spans", () => {
    const id = f.runIds[4];
    const doc = runToOtlp(runs.get(id)!, f.events.get(id)!);
    const viaJson = JSON.parse(
      new TextDecoder().decode(JsonTraceSerializer.serializeRequest(readableSpans(doc))),
    ) as OtlpTracesDocument;
    const fromJson = spansOf(viaJson);
    const fromProto = viaProtobuf(doc);
    expect(
      fromProto.map((s) => [s.spanId, s.parentSpanId ?? '', s.name, String(s.startTimeUnixNano), s.attributes?.length]),
    ).toEqual(
      fromJson.map((s) => [s.spanId, s.parentSpanId ?? '', s.name, String(s.startTimeUnixNano), s.attributes?.length]),
    );
    expect(fromProto.map((s) => s.spanId)).toEqual(spansOf(doc).map((s) => s.spanId));
  });

  it('caps input messages, keeping the goal and the latest messages', () => {
    const goal = { role: 'user' as const, parts: [{ type: 'text', content: 'goal' }] };
    const many = Array.from({ length: 200 }, (_, i) => ({
      role: 'assistant' as const,
      parts: [{ type: 'text', content: `reply ${i} ${'x'.repeat(200)}` }],
    }));
    const capped = capMessages([goal, ...many]);
    const kept = JSON.parse(capped.json) as { parts: { content: string }[] }[];
    expect(Buffer.byteLength(capped.json)).toBeLessThanOrEqual(INPUT_MESSAGES_CAP_BYTES);
    expect(kept[0].parts[0].content).toBe('goal');
    expect(kept.at(-1)!.parts[0].content).toContain('reply 199');
    expect(capped.dropped).toBe(201 - kept.length);
    const huge = capMessages([{ role: 'user', parts: [{ type: 'text', content: 'é'.repeat(40_000) }] }]);
    expect(Buffer.byteLength(huge.json)).toBeLessThanOrEqual(INPUT_MESSAGES_CAP_BYTES);
  });
});
