import { getTraceIngest } from '@/lib/ingest/app-ingest';
import { INGEST_LIMITS, parseOtlpBody } from '@/lib/ingest/ingest';
import { failureResponse, GRPC, successResponse } from '@/lib/ingest/otlp-status';

export const dynamic = 'force-dynamic';

/**
 * POST /v1/traces: OTLP/HTTP trace ingest (protobuf or JSON, by Content-Type), so an exporter pointed
 * at this app (OTEL_EXPORTER_OTLP_ENDPOINT=http://host:port) shows other agent systems' traces as runs.
 * 200 with an ExportTraceServiceResponse (partial success names spans not taken); 400/413/415 with a
 * google.rpc.Status in the request's encoding (JSON answers also carry our { error } shape).
 */
export async function POST(request: Request): Promise<Response> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  const encoding = (request.headers.get('content-type') ?? '').startsWith('application/x-protobuf')
    ? 'protobuf'
    : 'json';
  if (declared > INGEST_LIMITS.maxBodyBytes) {
    return failureResponse(
      {
        status: 413,
        grpcCode: GRPC.RESOURCE_EXHAUSTED,
        code: 'payload_too_large',
        message: `The body is over ${INGEST_LIMITS.maxBodyBytes} bytes.`,
        fields: [{ path: 'body', message: `over ${INGEST_LIMITS.maxBodyBytes} bytes` }],
      },
      encoding,
    );
  }
  const parsed = parseOtlpBody(request.headers.get('content-type'), new Uint8Array(await request.arrayBuffer()));
  if (!parsed.ok) return failureResponse(parsed.failure, parsed.encoding);
  const result = await (await getTraceIngest()).ingest(parsed.doc);
  return successResponse(parsed.encoding, result.rejected, result.errorMessage);
}
