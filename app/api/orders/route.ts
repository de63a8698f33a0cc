import type { z } from 'zod';
import type { placedOrderSchema } from '@/lib/wire/orders';
import { orderRequestSchema } from '@/lib/checkout/order-request';
import { OrderRequestError } from '@/lib/checkout/errors';
import { placeOrder } from '@/lib/checkout/place-order';
import { getAppServices } from '@/lib/checkout/app-services';
import { readJsonBody } from '@/lib/http/request';
import { fieldErrorResponse, invalidInputResponse } from '@/lib/http/responses';

export const dynamic = 'force-dynamic';

/**
 * POST /api/orders { customerId, items: [{ sku, quantity }], mode?: agents | orchestrator | both, faultPreset?, seed? }
 * → 201 { runs: [{ runId, orderId, mode }] }. The runs continue in the background; follow them at /api/runs/:id/events.
 */
export async function POST(request: Request): Promise<Response> {
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const parsed = orderRequestSchema.safeParse(body.value);
  if (!parsed.success) return invalidInputResponse(parsed.error);
  try {
    const runs = await placeOrder(await getAppServices(), parsed.data);
    return Response.json({ runs } satisfies z.input<typeof placedOrderSchema>, { status: 201 });
  } catch (error) {
    if (error instanceof OrderRequestError) return fieldErrorResponse(error.field, error.message);
    throw error;
  }
}
