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
 * GET /api/runs/:id/export?format=json|otlp → a file download: the run's event log ({ run, events },
 * the default) or its trace as OTLP/JSON (POST it to a collector's /v1/traces, or load it in Jaeger
 * or Phoenix).
 */
export async function GET(request: Request, context: RouteContext): Promise<Response> {
  const query = readQuery(request.url);
  if (!query.ok) return query.response;
  const parsed = exportRequestSchema.safeParse({ ...query.value, id: (await context.params).id });
  if (!parsed.success) return invalidInputResponse(nameUnknownKeys(parsed.error, ['format']));
  const file = await exportRun(await getDb(), parsed.data.id, parsed.data.format);
  if (!file) return notFoundResponse(`run ${parsed.data.id}`);
  return new Response(JSON.stringify(file.body), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="${file.filename}"`,
      'Cache-Control': 'no-store',
    },
  });
}
