import http from 'node:http';

/** Small HTTP helpers for the system tests: JSON in, status and parsed body out. */

export interface JsonReply {
  status: number;
  headers: Headers;
  body: unknown;
}

export async function call(url: string, init: RequestInit = {}): Promise<JsonReply> {
  const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(30_000), ...init });
  const text = await response.text();
  let body: unknown = text;
  if ((response.headers.get('content-type') ?? '').includes('json') && text) body = JSON.parse(text);
  return { status: response.status, headers: response.headers, body };
}

export function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
  method = 'POST',
): Promise<JsonReply> {
  return call(url, { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

/** The one error shape every refusal uses. */
export function errorCode(reply: JsonReply): string | undefined {
  const body = reply.body as { error?: { code?: unknown; message?: unknown; fields?: unknown } } | null;
  if (!body?.error || typeof body.error.message !== 'string' || !Array.isArray(body.error.fields)) return undefined;
  return typeof body.error.code === 'string' ? body.error.code : undefined;
}

/** The first fault rule an API answer lists. */
export function firstRuleId(reply: JsonReply): string {
  const { rule } = reply.body as { rule: { id: string } };
  return rule.id;
}

export interface RawInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Send the body with Transfer-Encoding: chunked instead of a Content-Length. */
  chunked?: boolean;
  agent?: http.Agent;
}

/**
 * A request through node:http, which sends the headers exactly as given (fetch replaces Host and
 * refuses some methods): for forged Host headers and for the fuzzer's odd methods and framings.
 */
export function rawCall(url: string, init: RawInit = {}): Promise<JsonReply> {
  const body = init.body === undefined ? undefined : Buffer.from(init.body);
  const headers: Record<string, string> = { ...init.headers };
  if (body && init.chunked) headers['transfer-encoding'] = 'chunked';
  else if (body) headers['content-length'] = String(body.byteLength);
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: init.method ?? 'GET', headers, agent: init.agent, timeout: 30_000 },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const replyHeaders = new Headers();
          for (const [name, value] of Object.entries(response.headers))
            if (typeof value === 'string') replyHeaders.set(name, value);
          // application/json only: an NDJSON log (application/x-ndjson) is many documents, read as text.
          const isJson = /^application\/json\b/.test(response.headers['content-type'] ?? '') && text !== '';
          try {
            resolve({
              status: response.statusCode ?? 0,
              headers: replyHeaders,
              body: isJson ? JSON.parse(text) : text,
            });
          } catch (error) {
            reject(new Error(`${init.method ?? 'GET'} ${url}: a JSON reply that does not parse: ${String(error)}`));
          }
        });
      },
    );
    request.on('timeout', () => request.destroy(new Error(`timeout: ${init.method ?? 'GET'} ${url}`)));
    request.on('error', reject);
    request.end(body);
  });
}
