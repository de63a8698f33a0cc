import { describe, expect, it } from 'vitest';
import { otlpTracesDocumentSchema } from '@/lib/export/otlp-json';
import { anyValue, otlpSpanId, otlpTraceId, unixNanos } from '@/lib/export/otlp-values';

/** The OTLP/JSON schema itself: what the spec allows passes, the classic encoder mistakes do not. */

const span = (over: Record<string, unknown> = {}) => ({
  traceId: '5B8EFFF798038103D269B633813FC60C',
  spanId: 'EEE19B7EC3C1B174',
  parentSpanId: 'EEE19B7EC3C1B173',
  name: "I'm a server span",
  startTimeUnixNano: 1544712660000000000,
  endTimeUnixNano: '1544712661000000000',
  kind: 2,
  attributes: [
    { key: 'my.span.attr', value: { stringValue: 'some value' } },
    { key: 'n', value: { intValue: '42' } },
    { key: 'list', value: { arrayValue: { values: [{ stringValue: 'a' }, { doubleValue: 1.5 }] } } },
  ],
  status: { code: 2, message: 'boom' },
  events: [
    {
      timeUnixNano: '1544712660500000000',
      name: 'e',
      attributes: [{ key: 'k', value: { kvlistValue: { values: [{ key: 'x', value: { boolValue: true } }] } } }],
    },
  ],
  ...over,
});
const doc = (s: unknown) => ({
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'my.service' } }] },
      scopeSpans: [{ scope: { name: 'my.library', version: '1.0.0' }, spans: [s] }],
    },
  ],
});

describe('the OTLP/JSON traces schema', () => {
  it('accepts what the spec allows: hex ids in either case, int64 as string or number, integer enums', () => {
    expect(otlpTracesDocumentSchema.safeParse(doc(span())).success).toBe(true);
    expect(
      otlpTracesDocumentSchema.safeParse(
        doc(span({ traceId: '5b8efff798038103d269b633813fc60c', parentSpanId: '', kind: 1, status: {} })),
      ).success,
    ).toBe(true);
    expect(otlpTracesDocumentSchema.safeParse({}).success).toBe(true);
  });

  it('refuses the usual encoder mistakes', () => {
    const refused: [string, unknown][] = [
      ['base64 trace id', span({ traceId: 'W47/95gDgQPSabYzgT/GDA==' })],
      ['short span id', span({ spanId: 'EEE19B7E' })],
      ['all-zero trace id', span({ traceId: '0'.repeat(32) })],
      ['enum by name', span({ kind: 'SPAN_KIND_SERVER' })],
      ['status code by name', span({ status: { code: 'STATUS_CODE_ERROR' } })],
      ['unknown kind', span({ kind: 9 })],
      ['snake_case field', { ...span(), start_time_unix_nano: '1' }],
      ['misspelt parent', { ...span(), parentSpanID: 'EEE19B7EC3C1B173' }],
      ['time as a float', span({ startTimeUnixNano: 1.5 })],
      ['time as a date string', span({ endTimeUnixNano: '2026-01-01T00:00:00Z' })],
      ['two values in one AnyValue', span({ attributes: [{ key: 'k', value: { stringValue: 'a', intValue: '1' } }] })],
      ['int64 with a fraction', span({ attributes: [{ key: 'k', value: { intValue: '1.5' } }] })],
      ['missing name', { ...span(), name: undefined }],
    ];
    for (const [label, s] of refused) expect(otlpTracesDocumentSchema.safeParse(doc(s)).success, label).toBe(false);
  });
});

describe('OTLP values', () => {
  it('derives stable, valid ids', () => {
    expect(otlpTraceId('run_1')).toMatch(/^[0-9a-f]{32}$/);
    expect(otlpTraceId('run_1')).toBe(otlpTraceId('run_1'));
    expect(otlpTraceId('run_1')).not.toBe(otlpTraceId('run_2'));
    expect(otlpSpanId('run_1', 's1')).toMatch(/^[0-9a-f]{16}$/);
    expect(otlpSpanId('run_1', 's1')).not.toBe(otlpSpanId('run_2', 's1'));
    expect(otlpSpanId('run_1', 's1')).not.toBe(otlpSpanId('run_1', 's2'));
  });

  it('turns milliseconds into exact nanosecond strings', () => {
    expect(unixNanos(1767225600000)).toBe('1767225600000000000');
    expect(unixNanos(1767225600123.456)).toBe('1767225600123456000');
    expect(unixNanos(0.5)).toBe('500000');
  });

  it('types attribute values as OTLP AnyValues', () => {
    expect(anyValue('x')).toEqual({ stringValue: 'x' });
    expect(anyValue(812)).toEqual({ intValue: '812' });
    expect(anyValue(0.25)).toEqual({ doubleValue: 0.25 });
    expect(anyValue({ double: 0 })).toEqual({ doubleValue: 0 });
    expect(anyValue(true)).toEqual({ boolValue: true });
    expect(anyValue(['stop'])).toEqual({ arrayValue: { values: [{ stringValue: 'stop' }] } });
  });
});
