import { z } from 'zod';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as compare } from '@/app/api/compare/route';
import { POST as fork } from '@/app/api/runs/[id]/fork/route';
import { GET as history } from '@/app/api/runs/route';
import { POST as rerun } from '@/app/api/runs/[id]/rerun/route';
import { POST as ingest } from '@/app/v1/traces/route';
import { readableSpans } from '@/lib/export/otlp-readable';
import { runToOtlp } from '@/lib/export/to-otlp';
import { ingestedRunId } from '@/lib/ingest/ingest';
import { foldGraph } from '@/lib/trace/projections/graph';
import { foldSpans } from '@/lib/trace/projections/spans';
import { loadEvents } from '@/lib/trace/event-log';
import { flushSearchIndex } from '@/lib/trace/search-indexer';
import { createCheckoutHarness, type Harness } from '../support/checkout-harness';
import { aiSdkGenerateTextTrace } from '../support/ai-sdk-trace';
import { openInferenceAgentsTrace, openInferenceLangGraphTrace, type Recorded } from '../support/otel-fixtures';
import { runComparisonSchema } from '@/lib/wire/compare';
import { apiErrorBodySchema } from '@/lib/wire/errors';
import { historyPageSchema } from '@/lib/wire/history';

/**
 * POST /v1/traces end to end: bodies made by OpenTelemetry's own SDK and serializers (the AI SDK's
 * spans by the AI SDK itself through @ai-sdk/otel), through the route, into runs that the projections
 * (graph, spans/timeline) read like our own.
 */

let h: Harness;
beforeAll(async () => {
  h = await createCheckoutHarness();
  process.env.DATABASE_URL = h.t.url;
}, 120_000);
afterAll(async () => h.dispose());

const post = (body: Uint8Array | string, contentType: string) =>
  ingest(
    new Request('http://test/v1/traces', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: typeof body === 'string' ? body : Buffer.from(body),
    }),
  );

const traceIdOf = (r: Recorded) => r.spans[0].spanContext().traceId;

async function ingested(r: Recorded, encoding: 'protobuf' | 'json') {
  const res =
    encoding === 'protobuf' ? await post(r.protobuf, 'application/x-protobuf') : await post(r.json, 'application/json');
  expect(res.status).toBe(200);
  const runId = ingestedRunId(traceIdOf(r));
  const db = h.t.db;
  const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
  const events = await loadEvents(db, runId);
  const graph = foldGraph(events);
  const edges = Object.values(graph.edges)
    .map((e) => `${e.kind} ${e.source} -> ${e.target}`)
    .sort();
  const nodes = Object.values(graph.nodes)
    .map((n) => n.id)
    .sort();
  return { run, events, graph, edges, nodes, spans: foldSpans(events) };
}

describe('POST /v1/traces', () => {
  it('makes an OpenAI Agents SDK trace (OpenInference, protobuf) a run: agents and tools as nodes, agent → tool and agent → agent (handoff) edges, failures kept', async () => {
    const { run, edges, nodes, spans, graph } = await ingested(openInferenceAgentsTrace(), 'protobuf');
    expect(run).toMatchObject({
      source: 'otlp',
      status: 'succeeded',
      goal: 'Where is my refund for order 42?',
      model: 'openai:gpt-4.1-mini',
    });
    expect(nodes).toEqual([
      'agent:Billing Agent',
      'agent:Triage Agent',
      'service:lookup_ledger',
      'service:lookup_order',
    ]);
    expect(edges).toEqual([
      'message agent:Triage Agent -> agent:Billing Agent',
      'tool agent:Triage Agent -> service:lookup_ledger',
      'tool agent:Triage Agent -> service:lookup_order',
    ]);
    expect(graph.nodes['service:lookup_ledger'].errors).toBe(1);
    expect(run.errorCount).toBe(1);
    const kinds = spans.order.map((id) => spans.spans[id].kind);
    expect(kinds.filter((k) => k === 'invoke_agent')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'chat')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'execute_tool')).toHaveLength(2);
    // The timeline's tree: the model call and tools under the triage agent, the billing agent under it too.
    const triage = spans.order.find((id) => spans.spans[id].name === 'invoke_agent Triage Agent')!;
    expect(spans.children[triage].map((id) => spans.spans[id].kind)).toEqual([
      'chat',
      'execute_tool',
      'execute_tool',
      'invoke_agent',
    ]);
    expect(spans.orphans).toEqual([]);
  });

  it('reads a LangGraph trace (OpenInference, JSON) through its graph-node chains', async () => {
    const { run, edges, spans } = await ingested(openInferenceLangGraphTrace(), 'json');
    expect(run).toMatchObject({ source: 'otlp', status: 'succeeded', model: 'gpt-4o', goal: 'Plan a trip to Lisbon' });
    expect(edges).toEqual(['tool agent:planner -> service:search_web']);
    expect(spans.orphans).toEqual([]);
  });

  it("reads the AI SDK's legacy telemetry (LegacyOpenTelemetry's ai.* spans, JSON): generateText is the agent, its doGenerate calls the model steps, ai.toolCall the tool", async () => {
    const trace = await aiSdkGenerateTextTrace('legacy');
    expect(trace.spans.map((s) => s.name).sort()).toEqual([
      'ai.generateText',
      'ai.generateText.doGenerate',
      'ai.generateText.doGenerate',
      'ai.toolCall',
    ]);
    const { run, edges, events, spans } = await ingested(trace, 'json');
    expect(run).toMatchObject({
      source: 'otlp',
      status: 'succeeded',
      model: 'mock-provider:mock-model-id',
      goal: 'What is the weather in Paris?',
      outcome: 'It is 18°C in Paris.',
      stepCount: 2,
      toolCallCount: 1,
      inputTokens: 75,
      outputTokens: 17,
    });
    expect(edges).toEqual(['tool agent:weather-agent -> service:weather']);
    const steps = events.filter((e) => e.type === 'model.step');
    expect(steps.map((e) => e.type === 'model.step' && e.data.toolCalls.map((c) => c.toolName))).toEqual([
      ['weather'],
      [],
    ]);
    const call = events.find((e) => e.type === 'tool.call');
    expect(call?.type === 'tool.call' && [call.agent, call.data.input]).toEqual(['weather-agent', { city: 'Paris' }]);
    const result = events.find((e) => e.type === 'tool.result');
    expect(result?.type === 'tool.result' && result.data.output).toEqual({ city: 'Paris', celsius: 18 });
    expect(spans.orphans).toEqual([]);
  });

  it("makes a real AI SDK generateText tool loop (@ai-sdk/otel spans, protobuf) a run: the agent and its tool as nodes, the steps on the timeline, the tool call's input and output, found in history", async () => {
    const trace = await aiSdkGenerateTextTrace();
    const { run, edges, nodes, events, spans } = await ingested(trace, 'protobuf');
    expect(run).toMatchObject({
      source: 'otlp',
      status: 'succeeded',
      model: 'mock-provider:mock-model-id',
      goal: 'What is the weather in Paris?',
      outcome: 'It is 18°C in Paris.',
      stepCount: 2,
      toolCallCount: 1,
      inputTokens: 75,
      outputTokens: 17,
    });
    expect(nodes).toEqual(['agent:weather-agent', 'service:weather']);
    expect(edges).toEqual(['tool agent:weather-agent -> service:weather']);
    const steps = events.filter((e) => e.type === 'model.step');
    expect(steps.map((e) => e.type === 'model.step' && e.data.toolCalls.map((c) => c.toolName))).toEqual([
      ['weather'],
      [],
    ]);
    const call = events.find((e) => e.type === 'tool.call');
    expect(call?.type === 'tool.call' && call.data.input).toEqual({ city: 'Paris' });
    const result = events.find((e) => e.type === 'tool.result');
    expect(result?.type === 'tool.result' && result.data.output).toEqual({ city: 'Paris', celsius: 18 });
    // The timeline: the agent, its two model calls and the tool under it (the SDK's "step N" spans pass
    // through). Their order is the real clock's: the SDK may start the tool before it ends the first chat span.
    const agent = spans.order.find((id) => spans.spans[id].kind === 'invoke_agent')!;
    expect(spans.children[agent].map((id) => spans.spans[id].kind).sort()).toEqual(['chat', 'chat', 'execute_tool']);
    expect(spans.orphans).toEqual([]);
    await flushSearchIndex(h.t.db);
    const found = historyPageSchema.parse(await (await history(new Request('http://test/api/runs?q=Paris'))).json());
    expect(found.runs.map((r) => r.id)).toContain(run.id);
  });

  it('reads our own export back (GenAI conventions, protobuf): the same agents and agent → agent conversations', async () => {
    const [{ runId }] = await h.order({ customerId: 'cus_alan' });
    const original = await h.events(runId);
    const doc = runToOtlp(await h.t.db.run.findUniqueOrThrow({ where: { id: runId } }), original);
    const body = ProtobufTraceSerializer.serializeRequest(readableSpans(doc))!;
    const traceId = doc.resourceSpans![0].scopeSpans![0].spans![0].traceId;
    const res = await post(body, 'application/x-protobuf');
    expect(res.status).toBe(200);
    const back = await loadEvents(h.t.db, ingestedRunId(traceId));
    const agents = (events: typeof original) =>
      [...new Set(events.flatMap((e) => (e.type === 'agent.started' ? [e.data.agent] : [])))].sort();
    expect(agents(back)).toEqual(agents(original));
    const conversations = (events: typeof original) =>
      Object.values(foldGraph(events).edges)
        .filter((e) => e.kind === 'message')
        .map((e) => `${e.source}->${e.target}`)
        .sort();
    expect(conversations(back)).toEqual(conversations(original));
    const count = (events: typeof original, type: string) => events.filter((e) => e.type === type).length;
    expect(count(back, 'model.step')).toBe(count(original, 'model.step'));
  });

  it('finds ingested runs in history by free text, marked as ingested, and compares two of them', async () => {
    const one = await ingested(openInferenceLangGraphTrace(), 'protobuf');
    await flushSearchIndex(h.t.db);
    const found = historyPageSchema.parse(await (await history(new Request('http://test/api/runs?q=Lisbon'))).json());
    expect(found.runs.map((r) => r.id)).toContain(one.run.id);
    expect(found.runs.every((r) => r.source === 'otlp')).toBe(true);
    const other = (await h.t.db.run.findFirstOrThrow({ where: { source: 'otlp', id: { not: one.run.id } } })).id;
    const res = await compare(new Request(`http://test/api/compare?a=${one.run.id}&b=${other}`));
    expect(res.status).toBe(200);
    const body = runComparisonSchema.parse(await res.json());
    expect([body.a.run.id, body.b.run.id]).toEqual([one.run.id, other]);
  });

  it('rejects spans of a trace already recorded (partial success), and refuses re-run and fork of an ingested run with 409', async () => {
    const trace = await aiSdkGenerateTextTrace();
    await ingested(trace, 'json');
    const again = await post(trace.json, 'application/json');
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ partialSuccess: { rejectedSpans: String(trace.spans.length) } });
    const id = ingestedRunId(traceIdOf(trace));
    const params = { params: Promise.resolve({ id }) };
    const re = await rerun(new Request(`http://test/api/runs/${id}/rerun`, { method: 'POST' }), params);
    expect(re.status).toBe(409);
    expect(await re.json()).toMatchObject({ error: { code: 'ingested_run' } });
    const fk = await fork(
      new Request(`http://test/api/runs/${id}/fork`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ atSeq: 2 }),
      }),
      params,
    );
    expect(fk.status).toBe(409);
  });

  it("answers malformed OTLP with 400 in the OTLP error shape (google.rpc.Status), in the request's encoding", async () => {
    const badJson = await post(
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"zz","spanId":"00"}]}]}]}',
      'application/json',
    );
    expect(badJson.status).toBe(400);
    // An OTLP client reads google.rpc.Status (code, message); ours read the house error beside it.
    const body = apiErrorBodySchema.extend({ code: z.number().int(), message: z.string() }).parse(await badJson.json());
    expect(body.code).toBe(3);
    expect(body.message).toContain('traceId');
    expect(body.error.code).toBe('invalid_otlp');
    expect(body.error.fields.map((f) => f.path)).toContain('resourceSpans.0.scopeSpans.0.spans.0.traceId');
    expect((await post('not json', 'application/json')).status).toBe(400);
    const badProto = await post(new Uint8Array([0x0a, 0xff, 0xff, 0x01]), 'application/x-protobuf');
    expect(badProto.status).toBe(400);
    expect(badProto.headers.get('content-type')).toBe('application/x-protobuf');
    const status = new Uint8Array(await badProto.arrayBuffer());
    expect(status[0]).toBe(0x08);
    expect(status[1]).toBe(3);
    expect(Buffer.from(status).toString('utf8')).toContain('not an OTLP ExportTraceServiceRequest');
    expect((await post('{}', 'text/plain')).status).toBe(415);
  });

  it('enforces its limits: body size (413), spans per request (413), attributes per span (400)', async () => {
    const big = await ingest(
      new Request('http://test/v1/traces', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(5 * 1024 * 1024) },
        body: '{}',
      }),
    );
    expect(big.status).toBe(413);
    const span = (i: number) => ({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: (i + 1).toString(16).padStart(16, '0'),
      name: 's',
      startTimeUnixNano: '1',
      endTimeUnixNano: '2',
    });
    const many = { resourceSpans: [{ scopeSpans: [{ spans: Array.from({ length: 5001 }, (_, i) => span(i)) }] }] };
    expect((await post(JSON.stringify(many), 'application/json')).status).toBe(413);
    const crowded = {
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  ...span(0),
                  attributes: Array.from({ length: 257 }, (_, i) => ({ key: `k${i}`, value: { intValue: '1' } })),
                },
              ],
            },
          ],
        },
      ],
    };
    expect((await post(JSON.stringify(crowded), 'application/json')).status).toBe(400);
  });
});
