import type { z } from 'zod';
import { readJsonBody, readQuery } from './request';
import { errorResponse, invalidInputResponse, type FieldError } from './responses';

/**
 * One way for a route to read its input and answer its errors: the path params, the query string and
 * the JSON body are each parsed by the route's own zod schema (400 naming the fields), the body read
 * with the edge's limits; what the handler throws becomes a response in the one error shape: an
 * HttpError as itself, a domain error the route maps (`errors`), anything else a 500 in the same JSON
 * shape, logged, never Next's plain-text page.
 */

/** An answer a handler gives by throwing: `throw new HttpError(409, 'run_not_live', '…', [{ path: 'id', … }])`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

interface RouteSpec<P, Q, B> {
  /** The dynamic segments, e.g. `z.object({ id: z.string().trim().min(1).max(100) })`. */
  params?: P;
  /** The query string, as strings (readQuery: a key given twice is a 400). */
  query?: Q;
  /** The JSON body; a route without one reads none. */
  body?: B;
  /** The route's own domain errors as responses; null passes the error on. */
  errors?: (error: unknown, input: { params: Parsed<P> }) => Response | null;
}

export interface RouteInput<P, Q, B> {
  request: Request;
  params: Parsed<P>;
  query: Parsed<Q>;
  body: Parsed<B>;
}

/** What Next hands a route handler: the dynamic segments, as a promise. */
export interface RouteContext {
  params: Promise<Record<string, string | string[] | undefined>>;
}

export function route<
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(
  spec: RouteSpec<P, Q, B>,
  handler: (input: RouteInput<P, Q, B>) => Promise<Response> | Response,
): (request?: Request, context?: RouteContext) => Promise<Response> {
  // Both optional, as Next's own signature allows: a route without input is called as GET() in tests.
  return async (request = new Request('http://localhost/'), context) => {
    const params = spec.params ? spec.params.safeParse((await context?.params) ?? {}) : undefined;
    if (params && !params.success) return invalidInputResponse(params.error);
    let query: z.ZodSafeParseResult<unknown> | undefined;
    if (spec.query) {
      const raw = readQuery(request.url);
      if (!raw.ok) return raw.response;
      query = spec.query.safeParse(raw.value);
      if (!query.success) return invalidInputResponse(query.error);
    }
    let body: z.ZodSafeParseResult<unknown> | undefined;
    if (spec.body) {
      const raw = await readJsonBody(request);
      if (!raw.ok) return raw.response;
      body = spec.body.safeParse(raw.value);
      if (!body.success) return invalidInputResponse(body.error);
    }
    // The schemas above are the route's; their outputs are what Parsed<…> names.
    const input = { request, params: params?.data, query: query?.data, body: body?.data } as RouteInput<P, Q, B>;
    try {
      return await handler(input);
    } catch (error) {
      return errorAsResponse(error, spec.errors?.(error, { params: input.params }) ?? null, request);
    }
  };
}

function errorAsResponse(error: unknown, mapped: Response | null, request: Request): Response {
  if (mapped) return mapped;
  if (error instanceof HttpError) return errorResponse(error.status, error.code, error.message, error.fields);
  // The details stay in the server's log: a stack or a driver's message can hold what a caller should not see.
  console.error(`${request.method} ${new URL(request.url).pathname} failed:`, error);
  return errorResponse(500, 'internal_error', 'The server could not answer this request; the error is in its log.');
}
