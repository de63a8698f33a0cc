import { errorResponse, fieldErrorResponse } from './responses';
import { FORBIDDEN_KEYS as EDGE_FORBIDDEN_KEYS, MAX_BODY_BYTES } from './edge.mjs';

/** Request bodies larger than this are refused (413) before they are parsed (server.mjs refuses them earlier still). */
export { MAX_BODY_BYTES };

export type BodyResult = { ok: true; value: unknown } | { ok: false; response: Response };

/**
 * Reads a JSON body with a size limit: 413 when too large, 415 when not JSON, 400 when
 * it does not parse. Reads the stream itself, so a lying Content-Length cannot get a
 * larger body through.
 */
export async function readJsonBody(request: Request, maxBytes: number = MAX_BODY_BYTES): Promise<BodyResult> {
  const type = request.headers.get('content-type') ?? '';
  if (type && !/^application\/(.+\+)?json\b/i.test(type)) {
    return {
      ok: false,
      response: errorResponse(
        415,
        'unsupported_media_type',
        'The body must be JSON (Content-Type: application/json).',
        [{ path: 'body', message: 'not JSON' }],
      ),
    };
  }
  // JSON is UTF-8 (RFC 8259); a body announced in another charset would be read as something it is not.
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(type)?.[1];
  if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
    return {
      ok: false,
      response: errorResponse(
        415,
        'unsupported_media_type',
        `The body must be UTF-8 JSON, not charset "${charset.slice(0, 40)}".`,
        [{ path: 'content-type', message: 'charset must be utf-8' }],
      ),
    };
  }
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) return { ok: false, response: tooLarge(maxBytes) };
  if (!request.body) return { ok: false, response: bodyError('a JSON body is required') };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return { ok: false, response: tooLarge(maxBytes) };
    }
    chunks.push(value);
  }
  let text: string;
  try {
    // fatal: bytes that are not UTF-8 are refused, not stored as U+FFFD in a name or a note.
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    return { ok: false, response: bodyError('not valid UTF-8') };
  }
  if (!text.trim()) return { ok: false, response: bodyError('a JSON body is required') };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, response: bodyError('not valid JSON') };
  }
  const forbidden = forbiddenKeyPath(value);
  if (forbidden)
    return {
      ok: false,
      response: errorResponse(
        400,
        'invalid_input',
        `Invalid input: ${forbidden}: Unknown field "${forbidden.split('.').at(-1)}".`,
        [{ path: forbidden, message: `Unknown field "${forbidden.split('.').at(-1)}".` }],
      ),
    };
  return { ok: true, value };
}

function bodyError(message: string): Response {
  return errorResponse(400, 'invalid_input', `Invalid input: body: ${message}`, [{ path: 'body', message }]);
}

/**
 * Keys that name an object's machinery rather than data. No schema has them, and a body that carries
 * them is an attempt on whatever merges it into an object later, so they are refused at any depth
 * (even inside free-form values no schema looks into).
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(EDGE_FORBIDDEN_KEYS);

/** The dotted path of the first forbidden key in a parsed JSON value, or null. Iterative: a body may nest 30,000 deep. */
export function forbiddenKeyPath(value: unknown): string | null {
  const stack: { value: unknown; path: string }[] = [{ value, path: '' }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    for (const key of Object.keys(current)) {
      const at = path ? `${path}.${key}` : key;
      if (!Array.isArray(current) && FORBIDDEN_KEYS.has(key)) return at;
      stack.push({ value: (current as Record<string, unknown>)[key], path: at });
    }
  }
  return null;
}

function tooLarge(maxBytes: number): Response {
  return errorResponse(413, 'payload_too_large', `The body is larger than ${maxBytes} bytes.`, [
    { path: 'body', message: `larger than ${maxBytes} bytes` },
  ]);
}

export type QueryResult = { ok: true; value: Record<string, string> } | { ok: false; response: Response };

/**
 * The query string as an object for a route's schema (strict schemas then refuse unknown keys), or a
 * 400 naming the parameter: a key given twice (which one would count?), percent-encoding that does not
 * decode to UTF-8 (URLSearchParams would turn it into U+FFFD silently). Empty values count as absent.
 * No prototype: a key such as `constructor` is a key like any other, refused as unknown.
 */
export function readQuery(url: string): QueryResult {
  const out = Object.create(null) as Record<string, string>;
  const seen = new Set<string>();
  const query = new URL(url).search.slice(1);
  for (const pair of query ? query.split('&') : []) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const key = decodeQueryPart(rawKey);
    const value = decodeQueryPart(eq === -1 ? '' : pair.slice(eq + 1));
    if (key === null || value === null) {
      const named = key ?? rawKey.slice(0, 100);
      return { ok: false, response: fieldErrorResponse(named, 'malformed percent-encoding (or not UTF-8)') };
    }
    if (seen.has(key)) return { ok: false, response: fieldErrorResponse(key, 'given more than once') };
    seen.add(key);
    if (value !== '') out[key] = value;
  }
  return { ok: true, value: out };
}

function decodeQueryPart(text: string): string | null {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}
