import { z } from 'zod';
import { liveRunControls, setLiveRunPace } from '@/lib/checkout/live-runs';
import { HttpError, route } from '@/lib/http/route';
import { paceSchema } from '@/lib/runtime/pace';
import type { RunPace } from '@/lib/wire/runs';

export const dynamic = 'force-dynamic';

const params = z.object({ id: z.string().trim().min(1).max(100) });
const body = z.object({ pace: paceSchema }).strict();

/**
 * GET /api/runs/:id/pace → { runId, live, pace }: the pace a run going on now has (null when it is
 * not going on: its recorded start says how it began).
 */
export const GET = route({ params }, ({ params: { id } }) => {
  const live = liveRunControls(id);
  return Response.json({ runId: id, live: Boolean(live), pace: live?.pacer.pace ?? null } satisfies RunPace);
});

/**
 * POST /api/runs/:id/pace { pace: instant | real_time | slow_motion } → 200 { runId, live: true, pace }: the
 * rest of a running run goes at that pace (from its next model step or service call). 409 once it has ended.
 */
export const POST = route({ params, body }, ({ params: { id }, body: { pace } }) => {
  if (!setLiveRunPace(id, pace)) {
    throw new HttpError(
      409,
      'run_not_live',
      `Run "${id}" is not going on (it has ended, or never existed): its pace can no longer change.`,
      [{ path: 'id', message: 'not a running run' }],
    );
  }
  return Response.json({ runId: id, live: true, pace } satisfies RunPace);
});
