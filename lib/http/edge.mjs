// What server.mjs decides about a request before Next sees it: the raw-protocol cases Next would
// answer with a 500, an empty 400/405, or not at all (a body it waits for). Pure functions and
// tables; plain ESM JavaScript because server.mjs runs before any build (types: edge.d.mts).

/** Request bodies larger than this are refused (413); lib/http/request.ts uses the same limit. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Routes allowed a larger body: POST /v1/traces takes OTLP batches (an exporter's default batch of 512
 * GenAI spans with their messages runs to megabytes). lib/ingest/ingest.ts INGEST_LIMITS says the same.
 */
export const ROUTE_MAX_BODY_BYTES = { '/v1/traces': 4 * 1024 * 1024 };

/** The body limit for a path: its route's own, else MAX_BODY_BYTES. */
export function maxBodyBytesFor(pathname) {
  const route = apiRouteOf(pathname);
  return (
    (route !== null && Object.hasOwn(ROUTE_MAX_BODY_BYTES, route) ? ROUTE_MAX_BODY_BYTES[route] : undefined) ??
    MAX_BODY_BYTES
  );
}

/** How long a request body may take to arrive after its headers (BODY_TIMEOUT_MS), before a 408. */
export const DEFAULT_BODY_TIMEOUT_MS = 10_000;

/** The methods Next serves; any other is a 405 here (Next would answer an empty 400, or the page). */
export const SERVER_METHODS = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * Each API route and the methods its route.ts exports (HEAD and OPTIONS come with them, as Next
 * answers both). tests/unit/http/edge.test.ts checks this table against the route modules.
 */
export const API_ROUTE_METHODS = {
  '/api/chaos/batches': ['POST'],
  '/api/chaos/batches/[id]': ['GET'],
  '/api/chaos/scorecards': ['GET', 'POST'],
  '/api/chaos/scorecards/progress': ['GET'],
  '/api/compare': ['GET'],
  '/api/demo/reset': ['POST'],
  '/api/faults': ['GET', 'POST', 'DELETE'],
  '/api/faults/[id]': ['PATCH', 'DELETE'],
  '/api/faults/presets': ['GET', 'POST'],
  '/api/health': ['GET'],
  '/api/notifications': ['GET'],
  '/api/orders': ['POST'],
  '/api/orders/[id]': ['GET'],
  '/api/runs': ['GET'],
  '/api/runs/[id]': ['GET'],
  '/api/runs/[id]/events': ['GET'],
  '/api/runs/[id]/events.json': ['GET'],
  '/api/runs/[id]/events.ndjson': ['GET'],
  '/api/runs/[id]/export': ['GET'],
  '/api/runs/[id]/fork': ['POST'],
  '/api/runs/[id]/pace': ['GET', 'POST'],
  '/api/runs/[id]/rerun': ['POST'],
  '/api/runs/live': ['GET', 'HEAD'],
  '/v1/traces': ['POST'],
};

/** Keys that would name an object's machinery: Next drops `__proto__` from the query before a route sees it. */
export const FORBIDDEN_KEYS = ['__proto__', 'constructor', 'prototype'];

/** BODY_TIMEOUT_MS as milliseconds (default when unset); anything but a positive whole number stops the server. */
export function bodyTimeoutMs(env) {
  const text = env.BODY_TIMEOUT_MS;
  if (text === undefined || text === '') return DEFAULT_BODY_TIMEOUT_MS;
  const ms = Number(text);
  if (!Number.isInteger(ms) || ms < 1)
    throw new Error(`server.mjs: BODY_TIMEOUT_MS must be a positive whole number of milliseconds, got "${text}"`);
  return ms;
}

/** The API route a path belongs to (static segments beat [params]), or null. */
export function apiRouteOf(pathname) {
  const segments = pathname.replace(/\/$/, '').split('/');
  let best = null;
  let bestStatic = -1;
  for (const pattern of Object.keys(API_ROUTE_METHODS)) {
    const parts = pattern.split('/');
    if (parts.length !== segments.length) continue;
    let statics = 0;
    const matches = parts.every((part, i) => {
      if (part.startsWith('[')) return segments[i] !== '';
      statics++;
      return part === segments[i];
    });
    if (matches && statics > bestStatic) {
      best = pattern;
      bestStatic = statics;
    }
  }
  return best;
}

/** What a path answers to, for an Allow header: an API route's methods, or a page's GET and HEAD. */
export function allowedMethods(pathname) {
  const route = apiRouteOf(pathname);
  if (!route) return ['GET', 'HEAD', 'OPTIONS'];
  const methods = new Set([...API_ROUTE_METHODS[route], 'OPTIONS']);
  if (methods.has('GET')) methods.add('HEAD');
  return SERVER_METHODS.filter((m) => methods.has(m));
}

function refusal(status, code, message, path, fieldMessage, headers = {}) {
  return { status, code, message, fields: path === undefined ? [] : [{ path, message: fieldMessage }], headers };
}

function methodNotAllowed(method, allow) {
  const shown = method.slice(0, 40);
  return refusal(
    405,
    'method_not_allowed',
    `${shown} is not supported here (allowed: ${allow.join(', ')}).`,
    'method',
    `not supported (allowed: ${allow.join(', ')})`,
    { allow: allow.join(', ') },
  );
}

/**
 * A request target Next cannot serve: `*` (OPTIONS * asks about the server itself: 204 with what it
 * supports; any other method with `*` is a 400), or anything that is not a path.
 * Absolute-form targets (`GET http://host/path`) are left to Next, which redirects them to the path.
 */
export function targetReply(method, url) {
  if (url === '*') {
    return method === 'OPTIONS'
      ? { status: 204, code: '', message: '', fields: [], headers: { allow: SERVER_METHODS.join(', ') } }
      : refusal(
          400,
          'invalid_input',
          'Invalid input: path: * is a request target for OPTIONS only',
          'path',
          '* is a request target for OPTIONS only',
        );
  }
  if (!url.startsWith('/') && !/^https?:\/\//i.test(url))
    return refusal(400, 'invalid_input', 'Invalid input: path: must start with /', 'path', 'must start with /');
  return null;
}

/** An unknown method anywhere, or a known one an API route does not export: 405 naming what is allowed. */
export function methodRefusal(method, pathname) {
  if (!SERVER_METHODS.includes(method)) return methodNotAllowed(method, allowedMethods(pathname));
  if (apiRouteOf(pathname) && !allowedMethods(pathname).includes(method))
    return methodNotAllowed(method, allowedMethods(pathname));
  return null;
}

/**
 * A path whose percent-encoding does not decode, a query parameter that does not decode to UTF-8
 * (URLSearchParams would make it U+FFFD), or a query key naming an object's machinery (`__proto__`,
 * which Next drops before the route could refuse it): 400 naming the part.
 */
export function urlRefusal(url) {
  const at = url.indexOf('?');
  const pathname = at === -1 ? url : url.slice(0, at);
  if (decode(pathname) === null)
    return refusal(
      400,
      'invalid_input',
      'Invalid input: path: malformed percent-encoding',
      'path',
      'malformed percent-encoding',
    );
  if (at === -1) return null;
  for (const pair of url.slice(at + 1).split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const key = decode(rawKey.replace(/\+/g, ' '));
    if (key === null || decode((eq === -1 ? '' : pair.slice(eq + 1)).replace(/\+/g, ' ')) === null) {
      const name = key ?? rawKey.slice(0, 100);
      return refusal(
        400,
        'invalid_input',
        `Invalid input: ${name}: malformed percent-encoding (or not UTF-8)`,
        name,
        'malformed percent-encoding (or not UTF-8)',
      );
    }
    if (FORBIDDEN_KEYS.includes(key))
      return refusal(
        400,
        'invalid_input',
        `Invalid input: ${key}: Unknown field "${key}".`,
        key,
        `Unknown field "${key}".`,
      );
  }
  return null;
}

function decode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** A request announcing more than the limit: 413 at once, before a byte of the body is read. */
export function declaredSizeRefusal(headers, maxBytes = MAX_BODY_BYTES) {
  const declared = Number(headers['content-length'] ?? '0');
  return declared > maxBytes ? tooLarge(maxBytes) : null;
}

export function tooLarge(maxBytes = MAX_BODY_BYTES) {
  return refusal(
    413,
    'payload_too_large',
    `The body is larger than ${maxBytes} bytes.`,
    'body',
    `larger than ${maxBytes} bytes`,
  );
}

export function bodyTimedOut(ms) {
  return refusal(
    408,
    'request_timeout',
    `The body did not arrive within ${ms} ms.`,
    'body',
    `incomplete after ${ms} ms`,
  );
}

/** Whether a request carries a body at all (a GET usually does not; then nothing is buffered). */
export function hasBody(headers) {
  return headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? '0') > 0;
}

/** Node's parser refused the bytes before there was a request (clientError): the answer, in the one shape. */
export function clientErrorReply(code) {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return refusal(431, 'headers_too_large', 'The request line and headers are too large.', 'headers', 'too large');
    case 'HPE_INVALID_METHOD':
      return methodNotAllowed('This method', SERVER_METHODS);
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return refusal(408, 'request_timeout', 'The request did not arrive in time.', 'headers', 'incomplete');
    default:
      return refusal(
        400,
        'bad_request',
        `The request is not valid HTTP/1.1 (${String(code).slice(0, 60)}).`,
        'request',
        'not valid HTTP/1.1',
      );
  }
}

/** The one error shape, as JSON text. */
export function errorJson(reply) {
  return JSON.stringify({ error: { code: reply.code, message: reply.message, fields: reply.fields } });
}
