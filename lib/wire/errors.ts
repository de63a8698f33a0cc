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

/** The same body read leniently, as the browser does: an error from something in between (a proxy) may lack parts of ours. */
export const lenientApiErrorBodySchema = z.object({
  error: apiErrorBodySchema.shape.error.extend({
    code: z.string().default('error'),
    message: z.string().default(''),
    fields: z.array(fieldErrorSchema).default([]),
  }),
});
