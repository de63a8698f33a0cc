import { getDb, type PrismaClient } from '@/lib/db/client';
import { invalidInputResponse, notFoundResponse } from '@/lib/http/responses';
import { runParamsSchema, type RouteContext } from './schema';

/** The JSON routes of one run: validate the id, load, answer 400 / 404 / 200. */
export async function runJsonResponse<T>(
  context: RouteContext,
  load: (db: PrismaClient, runId: string) => Promise<T | null>,
): Promise<Response> {
  const parsed = runParamsSchema.safeParse(await context.params);
  if (!parsed.success) return invalidInputResponse(parsed.error);
  const body = await load(await getDb(), parsed.data.id);
  return body === null ? notFoundResponse(`run ${parsed.data.id}`) : Response.json(body);
}
