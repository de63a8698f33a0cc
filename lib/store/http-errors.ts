/**
 * Kept for the routes that import it (the trace routes use it); the error bodies themselves are made
 * in one place, lib/http/responses.ts.
 */
export { invalidInputResponse, notFoundResponse } from '@/lib/http/responses';

/** Query-string parameters as a plain object; empty values count as absent. */
export function searchParamsObject(url: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of new URL(url).searchParams) if (value !== '') out[key] = value;
  return out;
}
