import type { OtlpAnyValue, OtlpKeyValue, OtlpSpan, OtlpTracesDocument } from '@/lib/export/otlp-json';

/**
 * OTLP/protobuf ExportTraceServiceRequest bytes → the OTLP/JSON document shape (hex ids, 64-bit
 * values as decimal strings), so one zod schema and one mapping read both encodings. Field numbers
 * from opentelemetry-proto (collector/trace/v1, trace/v1, common/v1, resource/v1); unknown fields
 * are skipped, as proto3 readers do. OpenTelemetry JS ships encoders only (otlp-transformer 0.2xx
 * dropped its protobufjs decoder), hence this reader. Malformed bytes throw OtlpDecodeError.
 */

export class OtlpDecodeError extends Error {}

const WIRE = { VARINT: 0, I64: 1, LEN: 2, I32: 5 } as const;

class Reader {
  pos = 0;
  constructor(private readonly buf: Uint8Array) {}

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  varint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.pos >= this.buf.length) throw new OtlpDecodeError('truncated varint');
      const byte = this.buf[this.pos++];
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
    }
    throw new OtlpDecodeError('varint longer than 10 bytes');
  }

  tag(): { field: number; wire: number } {
    const tag = Number(this.varint());
    return { field: tag >>> 3, wire: tag & 7 };
  }

  take(n: number): Uint8Array {
    if (n < 0 || this.pos + n > this.buf.length) throw new OtlpDecodeError('truncated field');
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  bytes(): Uint8Array {
    return this.take(Number(this.varint()));
  }

  private view(n: number): DataView {
    const bytes = this.take(n);
    return new DataView(bytes.buffer, bytes.byteOffset, n);
  }

  fixed64(): bigint {
    return this.view(8).getBigUint64(0, true);
  }

  fixed32(): number {
    return this.view(4).getUint32(0, true);
  }

  double(): number {
    return this.view(8).getFloat64(0, true);
  }

  skip(wire: number): void {
    if (wire === WIRE.VARINT) this.varint();
    else if (wire === WIRE.I64) this.take(8);
    else if (wire === WIRE.LEN) this.bytes();
    else if (wire === WIRE.I32) this.take(4);
    else throw new OtlpDecodeError(`unsupported wire type ${wire}`);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function text(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new OtlpDecodeError('a string field is not UTF-8');
  }
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** Reads a message's fields; `on` returns false for a field it does not know, which is skipped. */
function message(bytes: Uint8Array, on: (field: number, wire: number, r: Reader) => boolean): void {
  const r = new Reader(bytes);
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 0) throw new OtlpDecodeError('field number 0');
    if (!on(field, wire, r)) r.skip(wire);
  }
}

function expectWire(wire: number, want: number, what: string): void {
  if (wire !== want) throw new OtlpDecodeError(`${what}: wrong wire type ${wire}`);
}

function anyValue(bytes: Uint8Array): OtlpAnyValue {
  let value: OtlpAnyValue = {};
  message(bytes, (field, wire, r) => {
    switch (field) {
      case 1:
        expectWire(wire, WIRE.LEN, 'string_value');
        value = { stringValue: text(r.bytes()) };
        return true;
      case 2:
        expectWire(wire, WIRE.VARINT, 'bool_value');
        value = { boolValue: r.varint() !== 0n };
        return true;
      case 3:
        expectWire(wire, WIRE.VARINT, 'int_value');
        value = { intValue: BigInt.asIntN(64, r.varint()).toString() };
        return true;
      case 4:
        expectWire(wire, WIRE.I64, 'double_value');
        value = { doubleValue: r.double() };
        return true;
      case 5: {
        expectWire(wire, WIRE.LEN, 'array_value');
        const values: OtlpAnyValue[] = [];
        message(r.bytes(), (f, w, rr) =>
          f === 1 ? (expectWire(w, WIRE.LEN, 'array value'), values.push(anyValue(rr.bytes())), true) : false,
        );
        value = { arrayValue: { values } };
        return true;
      }
      case 6: {
        expectWire(wire, WIRE.LEN, 'kvlist_value');
        const values: OtlpKeyValue[] = [];
        message(r.bytes(), (f, w, rr) =>
          f === 1 ? (expectWire(w, WIRE.LEN, 'kvlist value'), values.push(keyValue(rr.bytes())), true) : false,
        );
        value = { kvlistValue: { values } };
        return true;
      }
      case 7:
        expectWire(wire, WIRE.LEN, 'bytes_value');
        value = { bytesValue: Buffer.from(r.bytes()).toString('base64') };
        return true;
      default:
        return false;
    }
  });
  return value;
}

function keyValue(bytes: Uint8Array): OtlpKeyValue {
  const kv: OtlpKeyValue = { key: '' };
  message(bytes, (field, wire, r) => {
    if (field === 1) return (expectWire(wire, WIRE.LEN, 'key'), (kv.key = text(r.bytes())), true);
    if (field === 2) return (expectWire(wire, WIRE.LEN, 'value'), (kv.value = anyValue(r.bytes())), true);
    return false;
  });
  return kv;
}

const uint32 = (r: Reader, wire: number, what: string): number => (
  expectWire(wire, WIRE.VARINT, what), Number(BigInt.asUintN(32, r.varint()))
);

function span(bytes: Uint8Array): OtlpSpan {
  const s: Partial<OtlpSpan> & {
    attributes: OtlpKeyValue[];
    events: NonNullable<OtlpSpan['events']>;
    links: NonNullable<OtlpSpan['links']>;
  } = { attributes: [], events: [], links: [] };
  message(bytes, (field, wire, r) => {
    switch (field) {
      case 1:
        expectWire(wire, WIRE.LEN, 'trace_id');
        s.traceId = hex(r.bytes());
        return true;
      case 2:
        expectWire(wire, WIRE.LEN, 'span_id');
        s.spanId = hex(r.bytes());
        return true;
      case 3:
        expectWire(wire, WIRE.LEN, 'trace_state');
        s.traceState = text(r.bytes());
        return true;
      case 4:
        expectWire(wire, WIRE.LEN, 'parent_span_id');
        s.parentSpanId = hex(r.bytes());
        return true;
      case 5:
        expectWire(wire, WIRE.LEN, 'name');
        s.name = text(r.bytes());
        return true;
      case 6:
        s.kind = uint32(r, wire, 'kind') as OtlpSpan['kind'];
        return true;
      case 7:
        expectWire(wire, WIRE.I64, 'start_time_unix_nano');
        s.startTimeUnixNano = r.fixed64().toString();
        return true;
      case 8:
        expectWire(wire, WIRE.I64, 'end_time_unix_nano');
        s.endTimeUnixNano = r.fixed64().toString();
        return true;
      case 9:
        expectWire(wire, WIRE.LEN, 'attributes');
        s.attributes.push(keyValue(r.bytes()));
        return true;
      case 10:
        s.droppedAttributesCount = uint32(r, wire, 'dropped_attributes_count');
        return true;
      case 11: {
        expectWire(wire, WIRE.LEN, 'events');
        const event: NonNullable<OtlpSpan['events']>[number] & { attributes: OtlpKeyValue[] } = {
          timeUnixNano: '0',
          name: '',
          attributes: [],
        };
        message(r.bytes(), (f, w, rr) => {
          if (f === 1)
            return (expectWire(w, WIRE.I64, 'event time'), (event.timeUnixNano = rr.fixed64().toString()), true);
          if (f === 2) return (expectWire(w, WIRE.LEN, 'event name'), (event.name = text(rr.bytes())), true);
          if (f === 3)
            return (expectWire(w, WIRE.LEN, 'event attributes'), event.attributes.push(keyValue(rr.bytes())), true);
          if (f === 4) return ((event.droppedAttributesCount = uint32(rr, w, 'event dropped_attributes_count')), true);
          return false;
        });
        s.events.push(event);
        return true;
      }
      case 12:
        s.droppedEventsCount = uint32(r, wire, 'dropped_events_count');
        return true;
      case 13: {
        expectWire(wire, WIRE.LEN, 'links');
        const link: NonNullable<OtlpSpan['links']>[number] & { attributes: OtlpKeyValue[] } = {
          traceId: '',
          spanId: '',
          attributes: [],
        };
        message(r.bytes(), (f, w, rr) => {
          if (f === 1) return (expectWire(w, WIRE.LEN, 'link trace_id'), (link.traceId = hex(rr.bytes())), true);
          if (f === 2) return (expectWire(w, WIRE.LEN, 'link span_id'), (link.spanId = hex(rr.bytes())), true);
          if (f === 3) return (expectWire(w, WIRE.LEN, 'link trace_state'), (link.traceState = text(rr.bytes())), true);
          if (f === 4)
            return (expectWire(w, WIRE.LEN, 'link attributes'), link.attributes.push(keyValue(rr.bytes())), true);
          if (f === 5) return ((link.droppedAttributesCount = uint32(rr, w, 'link dropped_attributes_count')), true);
          if (f === 6) return (expectWire(w, WIRE.I32, 'link flags'), (link.flags = rr.fixed32()), true);
          return false;
        });
        s.links.push(link);
        return true;
      }
      case 14:
        s.droppedLinksCount = uint32(r, wire, 'dropped_links_count');
        return true;
      case 15: {
        expectWire(wire, WIRE.LEN, 'status');
        const status: NonNullable<OtlpSpan['status']> = {};
        message(r.bytes(), (f, w, rr) => {
          if (f === 2) return (expectWire(w, WIRE.LEN, 'status message'), (status.message = text(rr.bytes())), true);
          if (f === 3)
            return ((status.code = uint32(rr, w, 'status code') as NonNullable<OtlpSpan['status']>['code']), true);
          return false;
        });
        s.status = status;
        return true;
      }
      case 16:
        expectWire(wire, WIRE.I32, 'flags');
        s.flags = r.fixed32();
        return true;
      default:
        return false;
    }
  });
  if (
    s.traceId === undefined ||
    s.spanId === undefined ||
    s.startTimeUnixNano === undefined ||
    s.endTimeUnixNano === undefined ||
    s.name === undefined
  ) {
    throw new OtlpDecodeError('a span lacks trace_id, span_id, name or its times');
  }
  const { events, links, ...rest } = s;
  return { ...rest, ...(events.length ? { events } : {}), ...(links.length ? { links } : {}) } as OtlpSpan;
}

type ResourceSpans = NonNullable<OtlpTracesDocument['resourceSpans']>[number];
type ScopeSpans = NonNullable<ResourceSpans['scopeSpans']>[number];

function scopeSpans(bytes: Uint8Array): ScopeSpans {
  const out: ScopeSpans & { spans: OtlpSpan[] } = { spans: [] };
  message(bytes, (field, wire, r) => {
    if (field === 1) {
      expectWire(wire, WIRE.LEN, 'scope');
      const scope: NonNullable<ScopeSpans['scope']> & { attributes: OtlpKeyValue[] } = { attributes: [] };
      message(r.bytes(), (f, w, rr) => {
        if (f === 1) return (expectWire(w, WIRE.LEN, 'scope name'), (scope.name = text(rr.bytes())), true);
        if (f === 2) return (expectWire(w, WIRE.LEN, 'scope version'), (scope.version = text(rr.bytes())), true);
        if (f === 3)
          return (expectWire(w, WIRE.LEN, 'scope attributes'), scope.attributes.push(keyValue(rr.bytes())), true);
        if (f === 4) return ((scope.droppedAttributesCount = uint32(rr, w, 'scope dropped_attributes_count')), true);
        return false;
      });
      out.scope = scope;
      return true;
    }
    if (field === 2) return (expectWire(wire, WIRE.LEN, 'spans'), out.spans.push(span(r.bytes())), true);
    if (field === 3) return (expectWire(wire, WIRE.LEN, 'schema_url'), (out.schemaUrl = text(r.bytes())), true);
    return false;
  });
  return out;
}

function resourceSpans(bytes: Uint8Array): ResourceSpans {
  const out: ResourceSpans & { scopeSpans: ScopeSpans[] } = { scopeSpans: [] };
  message(bytes, (field, wire, r) => {
    if (field === 1) {
      expectWire(wire, WIRE.LEN, 'resource');
      const resource: NonNullable<ResourceSpans['resource']> & { attributes: OtlpKeyValue[] } = { attributes: [] };
      message(r.bytes(), (f, w, rr) => {
        if (f === 1)
          return (expectWire(w, WIRE.LEN, 'resource attributes'), resource.attributes.push(keyValue(rr.bytes())), true);
        if (f === 2)
          return ((resource.droppedAttributesCount = uint32(rr, w, 'resource dropped_attributes_count')), true);
        return false;
      });
      out.resource = resource;
      return true;
    }
    if (field === 2)
      return (expectWire(wire, WIRE.LEN, 'scope_spans'), out.scopeSpans.push(scopeSpans(r.bytes())), true);
    if (field === 3) return (expectWire(wire, WIRE.LEN, 'schema_url'), (out.schemaUrl = text(r.bytes())), true);
    return false;
  });
  return out;
}

export function decodeOtlpTraces(bytes: Uint8Array): OtlpTracesDocument {
  const resourceSpansList: ResourceSpans[] = [];
  message(bytes, (field, wire, r) =>
    field === 1
      ? (expectWire(wire, WIRE.LEN, 'resource_spans'), resourceSpansList.push(resourceSpans(r.bytes())), true)
      : false,
  );
  return { resourceSpans: resourceSpansList };
}
