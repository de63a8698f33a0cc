/**
 * A tool's result as the services shape it (lib/services/types.ts ServiceResult): `{ ok: true, value }`
 * or `{ ok: false, error: { code, message, retryable, retryAfterMs? } }`. Read here by those that see
 * only messages or text a person typed: the offline planner (a tool result in the conversation) and
 * edit-and-continue (a result typed into a fork). Read leniently: a field that is missing or of
 * another type reads as its fallback, never as a crash.
 */
import { z } from 'zod';

// Each part optional: a missing one reads as its fallback (toolResultError).
const looseErrorSchema = z.object({
  code: z.unknown().optional(),
  message: z.unknown().optional(),
  retryable: z.unknown().optional(),
  retryAfterMs: z.unknown().optional(),
});

export const toolResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown().optional() }),
  z.object({ ok: z.literal(false), error: looseErrorSchema }),
]);

/** A result typed in by a person: `{ ok }` or `{ status: 'ok' }` succeeds; anything else fails, with what error it names. */
export const editedToolResultSchema = z.object({
  ok: z.unknown().optional(),
  status: z.unknown().optional(),
  error: looseErrorSchema.optional().catch(undefined),
});

export interface ToolResultError {
  code: string;
  message: string;
  retryable: boolean;
  retryAfterMs: number | undefined;
}

/** A failed result's error, its missing parts filled in with the reader's fallbacks. */
export function toolResultError(
  error: z.infer<typeof looseErrorSchema> | undefined,
  fallback: { code: string; message: string },
): ToolResultError {
  return {
    code: String(error?.code ?? fallback.code),
    message: String(error?.message ?? fallback.message),
    retryable: error?.retryable === true,
    retryAfterMs: typeof error?.retryAfterMs === 'number' ? error.retryAfterMs : undefined,
  };
}
