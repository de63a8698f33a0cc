import { z } from 'zod';
import { batchProgress } from '@/lib/chaos/batch';
import { getDb } from '@/lib/db/client';
import { notFoundResponse } from '@/lib/http/responses';
import { route } from '@/lib/http/route';
import type { batchProgressSchema } from '@/lib/wire/chaos';

export const dynamic = 'force-dynamic';

const params = z.object({ id: z.string().trim().min(1).max(100) });

/** GET /api/chaos/batches/:id → progress and outcomes of a chaos batch. */
export const GET = route({ params }, async ({ params: { id } }) => {
  const progress = await batchProgress(await getDb(), id);
  return progress
    ? Response.json(progress satisfies z.input<typeof batchProgressSchema>)
    : notFoundResponse(`Batch ${id}`);
});
