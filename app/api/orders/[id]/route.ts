import { z } from 'zod';
import { getDb } from '@/lib/db/client';
import { notFoundResponse } from '@/lib/http/responses';
import { route } from '@/lib/http/route';
import { getOrderDetails } from '@/lib/store/order-details';
import type { orderDetailsSchema } from '@/lib/wire/orders';

export const dynamic = 'force-dynamic';

const params = z.object({ id: z.string().trim().min(1).max(100) });

/** GET /api/orders/:id → the order's final state (items, reservations, payments, shipments, notifications). */
export const GET = route({ params }, async ({ params: { id } }) => {
  const details = await getOrderDetails(await getDb(), id);
  return details
    ? Response.json(details satisfies z.input<typeof orderDetailsSchema>)
    : notFoundResponse(`Order ${id}`);
});
