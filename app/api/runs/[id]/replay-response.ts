import { ReplayError } from '@/lib/replay/replay-run';
import { fieldErrorResponse, notFoundResponse } from '@/lib/http/responses';

/** A re-run or fork that cannot start, as HTTP: 404 for an unknown run, 400 naming the field otherwise. */
export function replayErrorResponse(error: unknown, runId: string): Response {
  if (!(error instanceof ReplayError)) throw error;
  return error.kind === 'not_found' ? notFoundResponse(`Run ${runId}`) : fieldErrorResponse(error.field, error.message);
}
