import { z } from 'zod';
import { batchProgress } from '@/lib/chaos/batch';
import { getDb } from '@/lib/db/client';
import { invalidInputResponse, notFoundResponse } from '@/lib/http/responses';

export const dynamic = 'force-dynamic';

const params = z.object({ id: z.string().trim().min(1).max(100) });

/** GET /api/chaos/batches/:id → progress and outcomes of a chaos batch. */
export async function GET(_request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const parsed = params.safeParse(await context.params);
  if (!parsed.success) return invalidInputResponse(parsed.error);
  const progress = await batchProgress(await getDb(), parsed.data.id);
  return progress ? Response.json(progress) : notFoundResponse(`Batch ${parsed.data.id}`);
}
