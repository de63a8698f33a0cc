import { z } from 'zod';
import { replayRun } from '@/lib/replay/replay-run';
import type { replayResultSchema } from '@/lib/wire/replay';
import { replayErrorResponse } from '../replay-response';
import { appReplayDeps } from '@/lib/replay/app-deps';
import { invalidInputResponse } from '@/lib/http/responses';

export const dynamic = 'force-dynamic';

const params = z.object({ id: z.string().trim().min(1).max(100) });

/**
 * POST /api/runs/:id/rerun → 201 { runId, parentRunId, kind, status, comparison: { identical, firstDivergence, graph } }.
 * Re-runs the order in a sandbox from the run's snapshots; the live store is untouched.
 */
export async function POST(_request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const parsed = params.safeParse(await context.params);
  if (!parsed.success) return invalidInputResponse(parsed.error);
  try {
    return Response.json(
      (await replayRun(await appReplayDeps(), parsed.data.id)) satisfies z.input<typeof replayResultSchema>,
      { status: 201 },
    );
  } catch (error) {
    return replayErrorResponse(error, parsed.data.id);
  }
}
