import { z } from 'zod';
import { getDb } from '@/lib/db/client';
import { EXPORT_FORMATS, exportRun } from '@/lib/export/export-run';
import { nameUnknownKeys } from '@/lib/history/unknown-keys';
import { invalidInputResponse, notFoundResponse } from '@/lib/http/responses';
import { readQuery } from '@/lib/http/request';
import { runIdSchema, type RouteContext } from '../schema';

export const dynamic = 'force-dynamic';

const exportRequestSchema = z.object({ id: runIdSchema, format: z.enum(EXPORT_FORMATS).default('json') }).strict();

/**
 * GET /api/runs/:id/export?format=json|otlp|otlp-proto → a file download: the run's event log
 * ({ run, events }, the default), its trace as OTLP/JSON, or the same trace as OTLP/protobuf (POST
 * either to a collector's /v1/traces with its Content-Type; Phoenix takes protobuf only).
 */
export async function GET(request: Request, context: RouteContext): Promise<Response> {
  const query = readQuery(request.url);
  if (!query.ok) return query.response;
  const parsed = exportRequestSchema.safeParse({ ...query.value, id: (await context.params).id });
  if (!parsed.success) return invalidInputResponse(nameUnknownKeys(parsed.error, ['format']));
  const file = await exportRun(await getDb(), parsed.data.id, parsed.data.format);
  if (!file) return notFoundResponse(`run ${parsed.data.id}`);
  return new Response(typeof file.body === 'string' ? file.body : Buffer.from(file.body), {
    headers: {
      'Content-Type': file.contentType,
      'Content-Disposition': `attachment; filename="${file.filename}"`,
      'Cache-Control': 'no-store',
    },
  });
}
