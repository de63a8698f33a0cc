import { z } from 'zod';
import { liveRunControls, setLiveRunPace } from '@/lib/checkout/live-runs';
import { readJsonBody } from '@/lib/http/request';
import { errorResponse, invalidInputResponse } from '@/lib/http/responses';
import { paceSchema } from '@/lib/runtime/pace';

export const dynamic = 'force-dynamic';

const params = z.object({ id: z.string().trim().min(1).max(100) });
const bodySchema = z.object({ pace: paceSchema }).strict();

/**
 * GET /api/runs/:id/pace → { runId, live, pace }: the pace a run going on now has (null when it is
 * not going on: its recorded start says how it began).
 */
export async function GET(_request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const parsed = params.safeParse(await context.params);
  if (!parsed.success) return invalidInputResponse(parsed.error);
  const live = liveRunControls(parsed.data.id);
  return Response.json({ runId: parsed.data.id, live: Boolean(live), pace: live?.pacer.pace ?? null });
}

/**
 * POST /api/runs/:id/pace { pace: instant | real_time | slow_motion } → 200 { runId, live: true, pace }: the
 * rest of a running run goes at that pace (from its next model step or service call). 409 once it has ended.
 */
export async function POST(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const parsed = params.safeParse(await context.params);
  if (!parsed.success) return invalidInputResponse(parsed.error);
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const pace = bodySchema.safeParse(body.value);
  if (!pace.success) return invalidInputResponse(pace.error);
  if (!setLiveRunPace(parsed.data.id, pace.data.pace)) {
    return errorResponse(409, 'run_not_live', `Run "${parsed.data.id}" is not going on (it has ended, or never existed): its pace can no longer change.`, [{ path: 'id', message: 'not a running run' }]);
  }
  return Response.json({ runId: parsed.data.id, live: true, pace: pace.data.pace });
}
