import type { z } from 'zod';
import { lenientApiErrorBodySchema } from '@/lib/wire/errors';

/** An API answer that was not a success, with the message the route gave. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly fields: { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * Calls one of our routes and checks the answer's shape: the browser's side of
 * "zod at every boundary". A route that is not there yet reads as status 404.
 */
export async function requestJson<S extends z.ZodType>(
  url: string,
  schema: S,
  init?: RequestInit & { json?: unknown },
): Promise<z.infer<S>> {
  const { json, ...rest } = init ?? {};
  const response = await fetch(url, {
    ...rest,
    headers: {
      accept: 'application/json',
      ...(json !== undefined ? { 'content-type': 'application/json' } : {}),
      ...rest.headers,
    },
    body: json !== undefined ? JSON.stringify(json) : rest.body,
    cache: 'no-store',
  });
  const text = await response.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON (an HTML error page): reported below with the status.
  }
  if (!response.ok) {
    const parsed = lenientApiErrorBodySchema.safeParse(body);
    if (parsed.success) {
      const { code, message, fields } = parsed.data.error;
      throw new ApiError(message || `${response.status} ${response.statusText}`, response.status, code, fields);
    }
    throw new ApiError(
      `${response.status} ${response.statusText || 'error'} from ${url}`,
      response.status,
      'http_error',
    );
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw new ApiError(
      `Unexpected answer from ${url}: ${parsed.error.issues[0]?.message ?? 'bad shape'}`,
      response.status,
      'bad_response',
    );
  return parsed.data;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
