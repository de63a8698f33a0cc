/**
 * The one error body every route answers with (and server.mjs, before Next):
 * `{ error: { code, message, fields: [{ path, message }] } }`. Browser-safe.
 */
import { z } from 'zod';

export const fieldErrorSchema = z.object({ path: z.string(), message: z.string() });
export const apiErrorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), fields: z.array(fieldErrorSchema) }),
});
export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;
