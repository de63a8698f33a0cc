import { z } from 'zod';

/**
 * The OTLP/JSON traces document (opentelemetry-proto, collector/trace/v1 ExportTraceServiceRequest,
 * encoded as the OTLP spec's "JSON Protobuf Encoding"): the protobuf JSON mapping with its stated
 * deviations — lowerCamelCase keys, trace and span ids as hex (not base64), enums as integers only,
 * 64-bit integers as decimal strings (numbers accepted on reading). Written from the proto and
 * the spec, not from our exporter, so the export can be checked against it.
 *
 * Strict objects: receivers ignore unknown fields, so a misspelt field would be dropped in
 * silence by Jaeger or Phoenix; here it is an error.
 */

const hex = (bytes: number) =>
  z
    .string()
    .regex(new RegExp(`^[0-9a-fA-F]{${bytes * 2}}$`), `must be ${bytes * 2} hex digits`)
    .refine((id) => /[1-9a-fA-F]/.test(id), 'must not be all zeros (an invalid id)');

export const otlpTraceIdSchema = hex(16);
export const otlpSpanIdSchema = hex(8);

/** int64/uint64/fixed64: a decimal string (what writers emit) or a JSON number (what readers accept). */
// As numbers, 64-bit values are beyond a double's safe integers (the spec's own example has some): integral is enough.
const integral = z.number().refine((n) => Number.isInteger(n), 'must be an integer');
const int64 = z.union([z.string().regex(/^-?\d{1,20}$/, 'must be a decimal integer'), integral]);
const uint64 = z.union([
  z.string().regex(/^\d{1,20}$/, 'must be a non-negative decimal integer'),
  integral.refine((n) => n >= 0, 'must not be negative'),
]);
const uint32 = z
  .number()
  .int()
  .min(0)
  .max(2 ** 32 - 1);

export interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: OtlpAnyValue[] };
  kvlistValue?: { values?: OtlpKeyValue[] };
  bytesValue?: string;
}

export interface OtlpKeyValue {
  key: string;
  value?: OtlpAnyValue;
}

/** AnyValue is a oneof: at most one of its fields (none is an empty value). */
export const otlpAnyValueSchema: z.ZodType<OtlpAnyValue> = z.lazy(() =>
  z
    .object({
      stringValue: z.string().optional(),
      boolValue: z.boolean().optional(),
      intValue: int64.optional(),
      doubleValue: z.number().optional(),
      arrayValue: z
        .object({ values: z.array(otlpAnyValueSchema).optional() })
        .strict()
        .optional(),
      kvlistValue: z
        .object({ values: z.array(otlpKeyValueSchema).optional() })
        .strict()
        .optional(),
      bytesValue: z
        .string()
        .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64')
        .optional(),
    })
    .strict()
    .refine(
      (v) => Object.values(v).filter((x) => x !== undefined).length <= 1,
      'AnyValue is a oneof: set at most one field',
    ),
);

export const otlpKeyValueSchema: z.ZodType<OtlpKeyValue> = z.lazy(() =>
  z.object({ key: z.string().min(1), value: otlpAnyValueSchema.optional() }).strict(),
);

const attributes = z.array(otlpKeyValueSchema).optional();

/** opentelemetry.proto.trace.v1.Span.SpanKind */
export const SPAN_KIND = { UNSPECIFIED: 0, INTERNAL: 1, SERVER: 2, CLIENT: 3, PRODUCER: 4, CONSUMER: 5 } as const;
/** opentelemetry.proto.trace.v1.Status.StatusCode */
export const STATUS_CODE = { UNSET: 0, OK: 1, ERROR: 2 } as const;

export const otlpSpanEventSchema = z
  .object({
    timeUnixNano: uint64,
    name: z.string(),
    attributes,
    droppedAttributesCount: uint32.optional(),
  })
  .strict();

export const otlpSpanSchema = z
  .object({
    traceId: otlpTraceIdSchema,
    spanId: otlpSpanIdSchema,
    traceState: z.string().optional(),
    /** Empty (or absent) for a root span. */
    parentSpanId: z.union([otlpSpanIdSchema, z.literal('')]).optional(),
    flags: uint32.optional(),
    name: z.string().min(1),
    kind: z.literal(Object.values(SPAN_KIND)).optional(),
    startTimeUnixNano: uint64,
    endTimeUnixNano: uint64,
    attributes,
    droppedAttributesCount: uint32.optional(),
    events: z.array(otlpSpanEventSchema).optional(),
    droppedEventsCount: uint32.optional(),
    links: z
      .array(
        z
          .object({
            traceId: otlpTraceIdSchema,
            spanId: otlpSpanIdSchema,
            traceState: z.string().optional(),
            attributes,
            droppedAttributesCount: uint32.optional(),
            flags: uint32.optional(),
          })
          .strict(),
      )
      .optional(),
    droppedLinksCount: uint32.optional(),
    status: z
      .object({ message: z.string().optional(), code: z.literal(Object.values(STATUS_CODE)).optional() })
      .strict()
      .optional(),
  })
  .strict();

export const otlpScopeSpansSchema = z
  .object({
    scope: z
      .object({
        name: z.string().optional(),
        version: z.string().optional(),
        attributes,
        droppedAttributesCount: uint32.optional(),
      })
      .strict()
      .optional(),
    spans: z.array(otlpSpanSchema).optional(),
    schemaUrl: z.string().optional(),
  })
  .strict();

export const otlpResourceSpansSchema = z
  .object({
    resource: z.object({ attributes, droppedAttributesCount: uint32.optional() }).strict().optional(),
    scopeSpans: z.array(otlpScopeSpansSchema).optional(),
    schemaUrl: z.string().optional(),
  })
  .strict();

/** The body of POST /v1/traces (Content-Type: application/json). */
export const otlpTracesDocumentSchema = z
  .object({ resourceSpans: z.array(otlpResourceSpansSchema).optional() })
  .strict();

export type OtlpSpan = z.infer<typeof otlpSpanSchema>;
export type OtlpSpanEvent = z.infer<typeof otlpSpanEventSchema>;
export type OtlpTracesDocument = z.infer<typeof otlpTracesDocumentSchema>;
