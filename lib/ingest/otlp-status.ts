/**
 * OTLP/HTTP answers (opentelemetry-proto specification, "OTLP/HTTP Response"): a success is an
 * ExportTraceServiceResponse (with partial_success when some spans were rejected), a failure a
 * google.rpc.Status, each in the encoding of the request. Our JSON error answers carry both shapes:
 * Status's `code` (gRPC code) and `message`, and the house `error: { code, message, fields }`.
 */

export type OtlpEncoding = 'protobuf' | 'json';

/** gRPC status codes the answers use. */
export const GRPC = { INVALID_ARGUMENT: 3, RESOURCE_EXHAUSTED: 8, UNAVAILABLE: 14 } as const;

function varint(n: number): number[] {
  const out: number[] = [];
  let v = n >>> 0;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return out;
}

function lengthDelimited(field: number, bytes: Uint8Array): number[] {
  return [(field << 3) | 2, ...varint(bytes.length), ...bytes];
}

const utf8 = (text: string) => new TextEncoder().encode(text);

export interface OtlpFailure {
  status: 400 | 413 | 415;
  grpcCode: number;
  code: string;
  message: string;
  fields?: { path: string; message: string }[];
}

export function failureResponse(failure: OtlpFailure, encoding: OtlpEncoding): Response {
  if (encoding === 'protobuf') {
    // google.rpc.Status { int32 code = 1; string message = 2; }
    const body = new Uint8Array([0x08, ...varint(failure.grpcCode), ...lengthDelimited(2, utf8(failure.message))]);
    return new Response(body, { status: failure.status, headers: { 'Content-Type': 'application/x-protobuf' } });
  }
  return Response.json(
    {
      code: failure.grpcCode,
      message: failure.message,
      error: { code: failure.code, message: failure.message, fields: failure.fields ?? [] },
    },
    { status: failure.status },
  );
}

/** 200 with an ExportTraceServiceResponse; partial_success when some spans were not taken, and why. */
export function successResponse(encoding: OtlpEncoding, rejectedSpans: number, errorMessage: string): Response {
  if (encoding === 'protobuf') {
    // ExportTraceServiceResponse { ExportTracePartialSuccess partial_success = 1; } { int64 rejected_spans = 1; string error_message = 2; }
    const partial =
      rejectedSpans > 0 || errorMessage
        ? new Uint8Array([0x08, ...varint(rejectedSpans), ...lengthDelimited(2, utf8(errorMessage))])
        : null;
    return new Response(new Uint8Array(partial ? lengthDelimited(1, partial) : []), {
      status: 200,
      headers: { 'Content-Type': 'application/x-protobuf' },
    });
  }
  return Response.json(
    rejectedSpans > 0 || errorMessage ? { partialSuccess: { rejectedSpans: String(rejectedSpans), errorMessage } } : {},
    { status: 200 },
  );
}
