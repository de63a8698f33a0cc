import { z } from 'zod';
import { getDb } from '@/lib/db/client';
import { getOrderDetails } from '@/lib/store/order-details';
import { invalidInputResponse, notFoundResponse } from '@/lib/http/responses';

export const dynamic = 'force-dynamic';

const paramsSchema = z.object({ id: z.string().trim().min(1).max(100) });

/** GET /api/orders/:id → the order's final state (items, reservations, payments, shipments, notifications). */
export async function GET(_request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const parsed = paramsSchema.safeParse(await context.params);
  if (!parsed.success) return invalidInputResponse(parsed.error);
  const details = await getOrderDetails(await getDb(), parsed.data.id);
  return details ? Response.json(details) : notFoundResponse(`Order ${parsed.data.id}`);
}
