import type { z } from 'zod';
import type { notificationListSchema } from '@/lib/wire/orders';
import { getDb } from '@/lib/db/client';
import { route } from '@/lib/http/route';
import { listOutbox, outboxQuerySchema } from '@/lib/store/outbox';

export const dynamic = 'force-dynamic';

/** GET /api/notifications?orderId=&limit= → { notifications }, newest first. */
export const GET = route({ query: outboxQuerySchema }, async ({ query }) =>
  Response.json({
    notifications: await listOutbox(await getDb(), query),
  } satisfies z.input<typeof notificationListSchema>),
);
