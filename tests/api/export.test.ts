import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET } from '@/app/api/runs/[id]/export/route';
import { otlpTracesDocumentSchema } from '@/lib/export/otlp-json';
import { otlpTraceId } from '@/lib/export/otlp-values';
import { decodeOtlpTraces } from '@/lib/ingest/otlp-protobuf';
import { apiErrorBodySchema } from '@/lib/wire/errors';
import { runLogSchema } from '@/lib/wire/runs';
import { createCheckoutHarness, type Harness } from '../support/checkout-harness';

let h: Harness;
let runId: string;
beforeAll(async () => {
  h = await createCheckoutHarness();
  process.env.DATABASE_URL = h.t.url;
  [{ runId }] = await h.order({ customerId: 'cus_grace' });
}, 120_000);
afterAll(async () => h.dispose());

const exportOf = (id: string, query = '') =>
  GET(new Request(`http://test/api/runs/${encodeURIComponent(id)}/export${query}`), {
    params: Promise.resolve({ id }),
  });

describe('GET /api/runs/:id/export', () => {
  it('downloads the event log as JSON by default', async () => {
    const res = await exportOf(runId);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="run-${runId}.events.json"`);
    const body = runLogSchema.parse(await res.json());
    expect(body.run).toMatchObject({ id: runId, status: 'succeeded' });
    expect(body.events).toEqual(await h.events(runId));
    expect(await (await exportOf(runId, '?format=json')).text()).toBe(JSON.stringify(body));
  });

  it('downloads OTLP/JSON traces that validate, one trace for the run', async () => {
    const res = await exportOf(runId, '?format=otlp');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="run-${runId}.otlp.json"`);
    const parsed = otlpTracesDocumentSchema.safeParse(await res.json());
    expect(parsed.success).toBe(true);
    const spans = parsed.data!.resourceSpans![0].scopeSpans![0].spans!;
    expect(spans.length).toBeGreaterThan(10);
    expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set([otlpTraceId(runId)]));
  });

  it("downloads the same traces as OTLP/protobuf, encoded by OpenTelemetry's serializer", async () => {
    const res = await exportOf(runId, '?format=otlp-proto');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-protobuf');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="run-${runId}.otlp.pb"`);
    const decoded = decodeOtlpTraces(new Uint8Array(await res.arrayBuffer()));
    expect(otlpTracesDocumentSchema.safeParse(decoded).success).toBe(true);
    const json = otlpTracesDocumentSchema.parse(await (await exportOf(runId, '?format=otlp')).json());
    const ids = (doc: typeof json) => doc.resourceSpans![0].scopeSpans![0].spans!.map((s) => [s.spanId, s.name]);
    expect(ids(decoded)).toEqual(ids(json));
  });

  it('answers 400 naming the field for a bad format, id or parameter, 404 for an unknown run', async () => {
    const fields = async (res: Response) => apiErrorBodySchema.parse(await res.json()).error.fields.map((f) => f.path);
    const bad = await exportOf(runId, '?format=xml');
    expect(bad.status).toBe(400);
    expect(await fields(bad)).toEqual(['format']);
    const unknown = await exportOf(runId, '?format=otlp&gzip=1');
    expect(unknown.status).toBe(400);
    expect(await fields(unknown)).toEqual(['gzip']);
    const badId = await exportOf('../../etc/passwd');
    expect(badId.status).toBe(400);
    expect(await fields(badId)).toEqual(['id']);
    expect((await exportOf('run_nope', '?format=otlp')).status).toBe(404);
  });
});
