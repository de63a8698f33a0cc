import { errorResponse } from './responses';

/** Request bodies larger than this are refused (413) before they are parsed. */
export const MAX_BODY_BYTES = 64 * 1024;

export type BodyResult = { ok: true; value: unknown } | { ok: false; response: Response };

/**
 * Reads a JSON body with a size limit: 413 when too large, 415 when not JSON, 400 when
 * it does not parse. Reads the stream itself, so a lying Content-Length cannot get a
 * larger body through.
 */
export async function readJsonBody(request: Request, maxBytes: number = MAX_BODY_BYTES): Promise<BodyResult> {
  const type = request.headers.get('content-type') ?? '';
  if (type && !/^application\/(.+\+)?json\b/i.test(type)) {
    return { ok: false, response: errorResponse(415, 'unsupported_media_type', 'The body must be JSON (Content-Type: application/json).', [{ path: 'body', message: 'not JSON' }]) };
  }
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) return { ok: false, response: tooLarge(maxBytes) };
  if (!request.body) return { ok: false, response: errorResponse(400, 'invalid_input', 'Invalid input: body: a JSON body is required', [{ path: 'body', message: 'a JSON body is required' }]) };
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
  const text = new TextDecoder().decode(Buffer.concat(chunks));
  if (!text.trim()) return { ok: false, response: errorResponse(400, 'invalid_input', 'Invalid input: body: a JSON body is required', [{ path: 'body', message: 'a JSON body is required' }]) };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, response: errorResponse(400, 'invalid_input', 'Invalid input: body: not valid JSON', [{ path: 'body', message: 'not valid JSON' }]) };
  }
}

function tooLarge(maxBytes: number): Response {
  return errorResponse(413, 'payload_too_large', `The body is larger than ${maxBytes} bytes.`, [{ path: 'body', message: `larger than ${maxBytes} bytes` }]);
}

/** Query-string parameters as a plain object; empty values count as absent. */
export function searchParamsObject(url: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of new URL(url).searchParams) if (value !== '') out[key] = value;
  return out;
}
