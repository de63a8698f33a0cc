import type { z } from 'zod';
import type { batchStartedSchema } from '@/lib/wire/chaos';
import { chaosBatchRequestSchema, startChaosBatch } from '@/lib/chaos/batch';
import { OrderRequestError } from '@/lib/checkout/errors';
import { getAppServices } from '@/lib/checkout/app-services';
import { fieldErrorResponse } from '@/lib/http/responses';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** POST /api/chaos/batches { orders: 1..200, seed?, preset?, mode? } → 201 { batchId, runs }. */
export const POST = route(
  {
    body: chaosBatchRequestSchema,
    errors: (error) => (error instanceof OrderRequestError ? fieldErrorResponse(error.field, error.message) : null),
  },
  async ({ body }) => {
    const { batchId, runs } = await startChaosBatch(await getAppServices(), body);
    return Response.json({ batchId, runs } satisfies z.input<typeof batchStartedSchema>, { status: 201 });
  },
);
