import type { Attributes, AttributeValue as OtelAttributeValue, HrTime, SpanContext } from '@opentelemetry/api';
import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import type { InstrumentationScope } from '@opentelemetry/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { OtlpAnyValue, OtlpKeyValue, OtlpSpan, OtlpTracesDocument } from './otlp-json';

/**
 * Our OTLP spans as OpenTelemetry JS ReadableSpans, so OpenTelemetry's own serializers and exporters
 * carry them: the protobuf download (ProtobufTraceSerializer) and the live export (BatchSpanProcessor →
 * OTLP exporter). The OTLP/JSON mapping stays the one source of span shapes. What OpenTelemetry's
 * attribute model cannot say is flattened: a kvlist becomes JSON text, and a whole-number double
 * (a cost of 0) is sent as an int, as the SDK sends every JS number.
 */

const SAMPLED = 1;

function hrTime(nanos: string | number): HrTime {
  const n = BigInt(nanos);
  return [Number(n / 1_000_000_000n), Number(n % 1_000_000_000n)];
}

function plain(value: OtlpAnyValue | undefined): unknown {
  if (!value) return undefined;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.bytesValue !== undefined) return value.bytesValue;
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(plain);
  if (value.kvlistValue)
    return Object.fromEntries((value.kvlistValue.values ?? []).map((kv) => [kv.key, plain(kv.value)]));
  return undefined;
}

function attributeValue(value: OtlpAnyValue | undefined): OtelAttributeValue | undefined {
  const v = plain(value);
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  if (Array.isArray(v) && v.every((x) => typeof x === 'number')) return v as number[];
  return v === undefined ? undefined : JSON.stringify(v);
}

export function otelAttributes(keyValues: readonly OtlpKeyValue[] | undefined): Attributes {
  const out: Attributes = {};
  for (const kv of keyValues ?? []) {
    const value = attributeValue(kv.value);
    if (value !== undefined) out[kv.key] = value;
  }
  return out;
}

function context(traceId: string, spanId: string): SpanContext {
  return { traceId, spanId, traceFlags: SAMPLED, isRemote: false };
}

/** `resource` and `scope` are shared objects: serializers group spans by their identity. */
export function readableSpan(span: OtlpSpan, resource: Resource, scope: InstrumentationScope): ReadableSpan {
  const start = hrTime(span.startTimeUnixNano);
  const end = hrTime(span.endTimeUnixNano);
  const durationNs = BigInt(span.endTimeUnixNano) - BigInt(span.startTimeUnixNano);
  return {
    name: span.name,
    kind: Math.max(0, (span.kind ?? 1) - 1),
    spanContext: () => context(span.traceId, span.spanId),
    ...(span.parentSpanId ? { parentSpanContext: context(span.traceId, span.parentSpanId) } : {}),
    startTime: start,
    endTime: end,
    duration: [Number(durationNs / 1_000_000_000n), Number(durationNs % 1_000_000_000n)],
    status: { code: span.status?.code ?? 0, ...(span.status?.message ? { message: span.status.message } : {}) },
    attributes: otelAttributes(span.attributes),
    links: [],
    events: (span.events ?? []).map((e) => ({
      name: e.name,
      time: hrTime(e.timeUnixNano),
      attributes: otelAttributes(e.attributes),
      droppedAttributesCount: 0,
    })),
    ended: true,
    resource,
    instrumentationScope: scope,
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}

/** Every span of an OTLP/JSON document as ReadableSpans, with its resource and scope. */
export function readableSpans(doc: OtlpTracesDocument): ReadableSpan[] {
  return (doc.resourceSpans ?? []).flatMap((rs) => {
    const resource = resourceFromAttributes(otelAttributes(rs.resource?.attributes));
    return (rs.scopeSpans ?? []).flatMap((ss) => {
      const scope: InstrumentationScope = {
        name: ss.scope?.name ?? '',
        ...(ss.scope?.version ? { version: ss.scope.version } : {}),
      };
      return (ss.spans ?? []).map((s) => readableSpan(s, resource, scope));
    });
  });
}
