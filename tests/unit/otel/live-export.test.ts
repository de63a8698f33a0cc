import { afterEach, describe, expect, it } from 'vitest';
import type { OtlpSpan } from '@/lib/export/otlp-json';
import { runToOtlp } from '@/lib/export/to-otlp';
import { readLiveExportSettings } from '@/lib/otel/config';
import { liveExportStatusSchema, type OtlpProtocol } from '@/lib/wire/health';
import { createLiveExport, liveExportStatus, startLiveExport, stopLiveExport } from '@/lib/otel/live';
import type { LiveExport } from '@/lib/otel/live-export';
import { createCheckoutHarness, type Harness } from '../../support/checkout-harness';
import { deadOtlpUrl, startOtlpReceiver, type OtlpReceiver } from '../../support/otlp-receiver';

/**
 * The live export end to end: real runs on the offline planner, OpenTelemetry's BatchSpanProcessor
 * and OTLP/HTTP exporters, a real receiver on a local port decoding what arrives.
 */

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function harness(): Promise<Harness> {
  const h = await createCheckoutHarness();
  cleanup.push(() => h.dispose());
  return h;
}

function live(h: Harness, env: Record<string, string>): LiveExport {
  const settings = readLiveExportSettings({ OTEL_BSP_SCHEDULE_DELAY: '50', ...env })!;
  const exporter = createLiveExport(settings).start(h.bus);
  cleanup.push(async () => void (await exporter.shutdown()));
  return exporter;
}

async function receiver(options?: { hang?: boolean }): Promise<OtlpReceiver> {
  const r = await startOtlpReceiver(options);
  cleanup.push(() => r.close());
  return r;
}

const key = (s: OtlpSpan) => `${s.spanId} ${s.parentSpanId ?? ''} ${s.name}`;
const attr = (s: OtlpSpan, k: string) => s.attributes?.find((a) => a.key === k)?.value;

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2400 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(condition(), what).toBe(true);
}

describe('live export to an OTLP/HTTP collector', () => {
  it.each<[OtlpProtocol, string]>([
    ['http/protobuf', 'application/x-protobuf'],
    ['http/json', 'application/json'],
  ])('sends every span of a run, as the download maps them, over %s', async (protocol, contentType) => {
    const h = await harness();
    const collector = await receiver();
    const exporter = live(h, {
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: collector.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
      OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=s%3Dcret,x-team=obs',
    });
    const [run] = await h.order({ customerId: 'cus_alan' });
    expect(await exporter.flush()).toBe(true);
    const row = await h.t.db.run.findUniqueOrThrow({ where: { id: run.runId } });
    const expected = runToOtlp(row, await h.events(run.runId)).resourceSpans![0].scopeSpans![0].spans!;
    const received = collector.spans();
    expect(received.map(key).sort()).toEqual(expected.map(key).sort());
    expect(collector.requests.every((r) => r.contentType.startsWith(contentType))).toBe(true);
    expect(collector.requests[0].headers['x-api-key']).toBe('s=cret');
    expect(collector.requests[0].headers['x-team']).toBe('obs');
    // Attributes as the download has them (the root's Run-row fields aside: live, the feed knows the run from its events).
    const byId = new Map(received.map((s) => [s.spanId, s]));
    for (const span of expected.filter((s) => s.parentSpanId)) {
      expect(attr(byId.get(span.spanId)!, 'gen_ai.operation.name'), span.name).toEqual(
        attr(span, 'gen_ai.operation.name'),
      );
      expect(byId.get(span.spanId)!.status?.code ?? 0, span.name).toBe(span.status?.code ?? 0);
    }
    expect(exporter.counters).toMatchObject({
      queued: expected.length,
      exported: expected.length,
      failed: 0,
      dropped: 0,
    });
  });

  it('sends spans while the run is still going, not only at its end', async () => {
    const h = await harness();
    const collector = await receiver();
    let seenBeforeEnd = 0;
    // Subscribed first, so it reads the counters before the exporter sees run.finished.
    h.bus.subscribeAll((event) => {
      if (event.type === 'run.finished') seenBeforeEnd = exporter.counters.queued;
    });
    const exporter = live(h, { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url.replace('/v1/traces', '') });
    await h.order({ customerId: 'cus_ada' });
    await exporter.flush();
    expect(seenBeforeEnd).toBeGreaterThan(0);
    expect(collector.spans().length).toBeGreaterThan(seenBeforeEnd);
  });

  it('changes nothing about a run when the collector is down or never answers: same outcome, same trace; the loss is counted', async () => {
    const plain = await harness();
    const [reference] = await plain.order({ customerId: 'cus_alan' });
    const referenceEvents = await plain.events(reference.runId);

    const down = await harness();
    const toDown = live(down, {
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: await deadOtlpUrl(),
      OTEL_EXPORTER_OTLP_TIMEOUT: '500',
    });
    const [downRun] = await down.order({ customerId: 'cus_alan' });
    expect(downRun.status).toBe(reference.status);
    expect(await down.events(downRun.runId)).toEqual(referenceEvents);
    expect(await toDown.flush()).toBe(false);
    await until(() => toDown.counters.failed === toDown.counters.queued, 'every span counted as failed');
    expect(toDown.counters.exported).toBe(0);

    const slow = await harness();
    const hanging = await receiver({ hang: true });
    const toSlow = live(slow, {
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: hanging.url,
      OTEL_EXPORTER_OTLP_TIMEOUT: '60000',
      OTEL_BSP_MAX_QUEUE_SIZE: '8',
      OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '4',
    });
    const [slowRun] = await slow.order({ customerId: 'cus_alan' });
    expect(slowRun.status).toBe(reference.status);
    expect(await slow.events(slowRun.runId)).toEqual(referenceEvents);
    // A queue of 8 cannot hold a run's spans while the collector hangs: the rest are dropped, counted.
    expect(toSlow.counters.dropped).toBeGreaterThan(0);
    const spans = runToOtlp(await slow.t.db.run.findUniqueOrThrow({ where: { id: slowRun.runId } }), referenceEvents)
      .resourceSpans![0].scopeSpans![0].spans!;
    expect(toSlow.counters.queued + toSlow.counters.dropped).toBe(spans.length);
    // The collector goes away: what was queued fails at once and is counted, nothing waits for it.
    await hanging.close();
    expect(await toSlow.shutdown()).toBe(false);
    // The batch that was in flight fails once the exporter's retries give up.
    await until(() => toSlow.counters.failed === toSlow.counters.queued, 'every queued span counted as failed');
  }, 240_000);
});

describe("the process's live export", () => {
  it('starts from the environment and reports where spans go (without credentials) and their counts', async () => {
    const collector = await receiver();
    const withSecret = collector.url.replace('http://', 'http://user:pw@') + '?token=abc';
    expect(
      startLiveExport({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: withSecret, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }),
    ).not.toBeNull();
    cleanup.push(() => stopLiveExport());
    const status = liveExportStatusSchema.parse(liveExportStatus());
    expect(status).toEqual({
      enabled: true,
      endpoint: collector.url,
      protocol: 'http/json',
      queued: 0,
      inQueue: 0,
      exported: 0,
      failed: 0,
      dropped: 0,
    });
    await stopLiveExport();
    expect(liveExportStatus()).toEqual({ enabled: false });
  });
});

describe('live export settings', () => {
  it('is off without an endpoint, and names the variable of a bad value', () => {
    expect(readLiveExportSettings({})).toBeNull();
    expect(
      readLiveExportSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' }),
    ).toBeNull();
    expect(readLiveExportSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/' })).toMatchObject({
      url: 'http://c:4318/v1/traces',
      protocol: 'http/protobuf',
    });
    expect(
      readLiveExportSettings({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://t/x',
      }),
    ).toMatchObject({ url: 'https://t/x' });
    expect(
      readLiveExportSettings({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c',
        OTEL_EXPORTER_OTLP_HEADERS: 'a=1,b=2',
        OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'b=3',
      })?.headers,
    ).toEqual({ a: '1', b: '3' });
    const bad: [Record<string, string>, string][] = [
      [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'localhost:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT'],
      [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'ftp://c/v1/traces' }, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'],
      [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, 'OTEL_EXPORTER_OTLP_PROTOCOL'],
      [
        { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'json' },
        'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL',
      ],
      [
        { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_EXPORTER_OTLP_HEADERS: 'novalue' },
        'OTEL_EXPORTER_OTLP_HEADERS',
      ],
      [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_EXPORTER_OTLP_HEADERS: 'a=%zz' }, 'OTEL_EXPORTER_OTLP_HEADERS'],
      [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_EXPORTER_OTLP_TIMEOUT: '-1' }, 'OTEL_EXPORTER_OTLP_TIMEOUT'],
      [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_BSP_MAX_QUEUE_SIZE: 'lots' }, 'OTEL_BSP_MAX_QUEUE_SIZE'],
      [{ OTEL_SDK_DISABLED: 'maybe' }, 'OTEL_SDK_DISABLED'],
    ];
    for (const [env, variable] of bad)
      expect(() => readLiveExportSettings(env), variable).toThrow(new RegExp(`^${variable}: `));
  });
});
