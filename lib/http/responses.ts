import type { z } from 'zod';
import { fieldErrors, type FieldError } from '@/lib/services/validation';
import type { ApiErrorBody } from '@/lib/wire/errors';

export type { FieldError };

/**
 * The one place errors become HTTP responses. Every error body has the same shape:
 * { error: { code, message, fields: [{ path, message }] } }.
 */

export function errorResponse(status: number, code: string, message: string, fields: FieldError[] = []): Response {
  return Response.json({ error: { code, message, fields } } satisfies ApiErrorBody, { status });
}

/** 400 naming every field zod rejected (an unknown key as a field of its own), as the services do. */
export function invalidInputResponse(error: z.ZodError): Response {
  const fields = fieldErrors(error);
  const message = fields.length
    ? `Invalid input: ${fields.map((f) => (f.path ? `${f.path}: ${f.message}` : f.message)).join('; ')}`
    : 'Invalid input';
  return errorResponse(400, 'invalid_input', message, fields);
}

/** 400 naming one field. */
export function fieldErrorResponse(path: string, message: string): Response {
  return errorResponse(400, 'invalid_input', `Invalid input: ${path}: ${message}`, [{ path, message }]);
}

export function notFoundResponse(what: string): Response {
  return errorResponse(404, 'not_found', `${what} not found`);
}
