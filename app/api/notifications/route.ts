import { getDb } from '@/lib/db/client';
import { listOutbox, outboxQuerySchema } from '@/lib/store/outbox';
import { invalidInputResponse } from '@/lib/http/responses';
import { searchParamsObject } from '@/lib/http/request';

export const dynamic = 'force-dynamic';

/** GET /api/notifications?orderId=&limit= → { notifications }, newest first. */
export async function GET(request: Request): Promise<Response> {
  const parsed = outboxQuerySchema.safeParse(searchParamsObject(request.url));
  if (!parsed.success) return invalidInputResponse(parsed.error);
  return Response.json({ notifications: await listOutbox(await getDb(), parsed.data) });
}
