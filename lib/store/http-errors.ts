import type { z } from 'zod';

/**
 * The one shape every route answers bad input with (common brief):
 * 400 { error: { code: 'invalid_input', message, fields: [{ path, message }] } }.
 */
export function invalidInputResponse(error: z.ZodError): Response {
  const fields = error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
  const message = fields.length
    ? `Invalid input: ${fields.map((f) => (f.path ? `${f.path}: ${f.message}` : f.message)).join('; ')}`
    : 'Invalid input';
  return Response.json({ error: { code: 'invalid_input', message, fields } }, { status: 400 });
}

export function notFoundResponse(what: string): Response {
  return Response.json({ error: { code: 'not_found', message: `${what} not found`, fields: [] } }, { status: 404 });
}

/** Query-string parameters as a plain object; empty values count as absent. */
export function searchParamsObject(url: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of new URL(url).searchParams) if (value !== '') out[key] = value;
  return out;
}
