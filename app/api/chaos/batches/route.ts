import { chaosBatchRequestSchema, startChaosBatch } from '@/lib/chaos/batch';
import { getCheckoutRuntime } from '@/lib/checkout/runtime';
import { OrderRequestError } from '@/lib/checkout/errors';
import { readJsonBody } from '@/lib/http/request';
import { fieldErrorResponse, invalidInputResponse } from '@/lib/http/responses';

export const dynamic = 'force-dynamic';

/** POST /api/chaos/batches { orders: 1..200, seed?, preset?, mode? } → 201 { batchId, runs }. */
export async function POST(request: Request): Promise<Response> {
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const parsed = chaosBatchRequestSchema.safeParse(body.value);
  if (!parsed.success) return invalidInputResponse(parsed.error);
  try {
    const { batchId, runs } = await startChaosBatch(await getCheckoutRuntime(), parsed.data);
    return Response.json({ batchId, runs }, { status: 201 });
  } catch (error) {
    if (error instanceof OrderRequestError) return fieldErrorResponse(error.field, error.message);
    throw error;
  }
}
