import { getDb } from '@/lib/db/client';
import { listOutbox, outboxQuerySchema } from '@/lib/store/outbox';
import { invalidInputResponse } from '@/lib/http/responses';
import { readQuery } from '@/lib/http/request';

export const dynamic = 'force-dynamic';

/** GET /api/notifications?orderId=&limit= → { notifications }, newest first. */
export async function GET(request: Request): Promise<Response> {
  const query = readQuery(request.url);
  if (!query.ok) return query.response;
  const parsed = outboxQuerySchema.safeParse(query.value);
  if (!parsed.success) return invalidInputResponse(parsed.error);
  return Response.json({ notifications: await listOutbox(await getDb(), parsed.data) });
}
