import { ReplayError } from '@/lib/replay/replay-run';
import { errorResponse, fieldErrorResponse, notFoundResponse } from '@/lib/http/responses';

/** A re-run or fork that cannot start, as HTTP: 404 for an unknown run, 409 for an ingested one, 400 naming the field otherwise. */
export function replayErrorResponse(error: unknown, runId: string): Response {
  if (!(error instanceof ReplayError)) throw error;
  if (error.kind === 'not_found') return notFoundResponse(`Run ${runId}`);
  if (error.kind === 'conflict')
    return errorResponse(409, 'ingested_run', error.message, [{ path: error.field, message: error.message }]);
  return fieldErrorResponse(error.field, error.message);
}
