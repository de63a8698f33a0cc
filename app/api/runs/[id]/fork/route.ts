import { z } from 'zod';
import { forkRequestSchema, replayRun } from '@/lib/replay/replay-run';
import type { replayResultSchema } from '@/lib/wire/replay';
import { replayErrorResponse } from '../replay-response';
import { appReplayDeps, resolveForkRules } from '@/lib/replay/app-deps';
import { readJsonBody } from '@/lib/http/request';
import { invalidInputResponse } from '@/lib/http/responses';

export const dynamic = 'force-dynamic';

const params = z.object({ id: z.string().trim().min(1).max(100) });

/**
 * POST /api/runs/:id/fork { atSeq, faultPreset? | faultRules? (rule create bodies; not both), editReply? | editToolResult? }
 * → 201 { runId, parentRunId, kind: 'fork', status, comparison }. Everything before atSeq is served from the
 * record; from there the run continues live under the given rules, or with the one reply/result edited.
 */
export async function POST(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const id = params.safeParse(await context.params);
  if (!id.success) return invalidInputResponse(id.error);
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const parsed = forkRequestSchema.safeParse(body.value);
  if (!parsed.success) return invalidInputResponse(parsed.error);
  try {
    const resolvedRules = resolveForkRules(parsed.data);
    return Response.json(
      (await replayRun(await appReplayDeps(), id.data.id, { ...parsed.data, resolvedRules })) satisfies z.input<
        typeof replayResultSchema
      >,
      {
        status: 201,
      },
    );
  } catch (error) {
    return replayErrorResponse(error, id.data.id);
  }
}
