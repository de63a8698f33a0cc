import { describe, expect, it } from 'vitest';
import { serverForSuite } from '../support/system/app-server';
import { call, errorCode, firstRuleId, postJson, type JsonReply } from '../support/system/http';
import { rawExchange, rawRequest, type RawReply } from '../support/system/raw-socket';
import { placeOrder, waitForRunEnd } from '../support/system/runs';

/**
 * What a hostile client sends at the HTTP boundary of the real server (server.mjs in front of Next),
 * over raw sockets where no client library would send it: every case is answered at once with a 4xx
 * in the one error shape naming the field or problem (never a 500, an empty body, or silence), and
 * the server keeps serving afterwards.
 */

const BODY_TIMEOUT_MS = 1_000;
const suite = serverForSuite({ BODY_TIMEOUT_MS: String(BODY_TIMEOUT_MS) });
const WINDOW = { service: 'payment', kind: 'decline', trigger: 'window' };
const OUT_OF_RANGE = [
  8_640_000_000_000_001,
  Number.MAX_SAFE_INTEGER,
  253_402_300_800_000,
  '0000-01-01T00:00:00+01:00',
  '+275760-09-13T00:00:00Z',
];

interface ErrorBody {
  error: { code: string; message: string; fields: { path: string; message: string }[] };
}

/** The one error shape, and the fields it names. */
function fieldsOf(reply: JsonReply | RawReply): string[] {
  const body = ('json' in reply ? reply.json : reply.body) as ErrorBody;
  expect(typeof body?.error?.code, JSON.stringify(body)).toBe('string');
  expect(typeof body.error.message).toBe('string');
  return body.error.fields.map((f) => f.path);
}

const head = (lines: string[]) => `${lines.join('\r\n')}\r\n\r\n`;

describe('hostile input at the HTTP boundary', () => {
  it('answers instants beyond a Date (or a four-digit year) with 400 naming the field: fault create/patch, fork rules, history from/to', async () => {
    const { app } = suite;
    for (const activeFrom of OUT_OF_RANGE) {
      const reply = await postJson(`${app.url}/api/faults`, { ...WINDOW, activeFrom });
      expect(reply.status, String(activeFrom)).toBe(400);
      expect(fieldsOf(reply)).toEqual(['activeFrom']);
    }
    const created = await postJson(`${app.url}/api/faults`, { ...WINDOW, activeFrom: '2026-01-01T00:00:00Z' });
    expect(created.status).toBe(201);
    const patched = await postJson(
      `${app.url}/api/faults/${firstRuleId(created)}`,
      { activeUntil: 8_640_000_000_000_001 },
      {},
      'PATCH',
    );
    expect(patched.status).toBe(400);
    expect(fieldsOf(patched)).toEqual(['activeUntil']);

    const [run] = await placeOrder(app.url, {
      customerId: 'cus_ada',
      items: [{ sku: 'CB-010', quantity: 1 }],
      mode: 'orchestrator',
    });
    await waitForRunEnd(app.url, run.runId);
    const fork = await postJson(`${app.url}/api/runs/${run.runId}/fork`, {
      atSeq: 1,
      faultRules: [{ ...WINDOW, activeFrom: 8_640_000_000_000_001 }],
    });
    expect(fork.status).toBe(400);
    expect(fieldsOf(fork)).toEqual(['faultRules.0']);

    for (const [query, field] of [
      ['from=999999999999999', 'from'],
      ['to=253402300800000', 'to'],
      ['from=0000-01-01T00:00%2B01:00', 'from'],
      ['to=2026-02-30T00:00Z', 'to'],
    ]) {
      for (const route of ['/api/runs', '/api/runs/live']) {
        const reply = await call(`${app.url}${route}?${query}`);
        expect(reply.status, `${route}?${query}`).toBe(400);
        expect(fieldsOf(reply)).toEqual([field]);
      }
    }
    expect((await call(`${app.url}/api/faults`)).status).toBe(200);
  });

  it('answers OPTIONS * with what the server supports, and * with any other method as a 400', async () => {
    const { app } = suite;
    const options = await rawRequest(app.port, head(['OPTIONS * HTTP/1.1', 'Host: localhost']));
    expect(options.status).toBe(204);
    expect(options.headers.allow).toBe('GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE');
    const get = await rawRequest(app.port, head(['GET * HTTP/1.1', 'Host: localhost']));
    expect(get.status).toBe(400);
    expect(fieldsOf(get)).toEqual(['path']);
  });

  it('answers unknown methods (and ones a route does not export) with 405 in the error shape and an Allow header', async () => {
    const { app } = suite;
    const cases: [string, string, string][] = [
      ['PROPFIND', '/api/faults', 'GET, HEAD, OPTIONS, POST, DELETE'],
      ['MKCOL', '/api/runs/run_x', 'GET, HEAD, OPTIONS'],
      ['PURGE', '/api/orders', 'OPTIONS, POST'],
      ['PURGE', '/', 'GET, HEAD, OPTIONS'],
      ['PROPFIND', '/runs', 'GET, HEAD, OPTIONS'],
      ['PUT', '/api/health', 'GET, HEAD, OPTIONS'],
      ['POST', '/api/runs', 'GET, HEAD, OPTIONS'],
    ];
    for (const [method, path, allow] of cases) {
      const reply = await rawRequest(app.port, head([`${method} ${path} HTTP/1.1`, 'Host: localhost']));
      expect(reply.status, `${method} ${path}`).toBe(405);
      expect(reply.headers.allow, `${method} ${path}`).toBe(allow);
      expect(fieldsOf(reply)).toEqual(['method']);
    }
    // A token Node's parser does not know at all.
    const brew = await rawRequest(app.port, head(['BREW /api/faults HTTP/1.1', 'Host: localhost']));
    expect(brew.status).toBe(405);
    expect(fieldsOf(brew)).toEqual(['method']);
  });

  it('refuses __proto__, constructor and prototype like any unknown key, in queries and in JSON bodies at any depth', async () => {
    const { app } = suite;
    for (const path of [
      '/api/runs?__proto__=1',
      '/api/notifications?__proto__=1',
      '/api/compare?a=r1&b=r2&%5F%5Fproto%5F%5F=1',
      '/api/runs?constructor=1',
      '/api/notifications?prototype=1',
      '/api/runs/run_x/events.ndjson?constructor=1',
    ]) {
      const reply = await rawRequest(app.port, head([`GET ${path} HTTP/1.1`, 'Host: localhost']));
      expect(reply.status, path).toBe(400);
      expect(fieldsOf(reply).join(), path).toMatch(/^(__proto__|constructor|prototype)$/);
    }
    const created = await postJson(`${app.url}/api/faults`, { service: 'payment', kind: 'decline' });
    const bodies: [string, string, string][] = [
      ['POST', '/api/faults', '{"service":"payment","kind":"decline","__proto__":{"enabled":false}}'],
      ['POST', '/api/faults', '{"service":"payment","kind":"decline","params":{"__proto__":{"latencyMs":1}}}'],
      ['PATCH', `/api/faults/${firstRuleId(created)}`, '{"params":{"constructor":{"prototype":{}}}}'],
      [
        'POST',
        '/api/orders',
        '{"customerId":"cus_ada","items":[{"sku":"CB-010","quantity":1,"__proto__":{"quantity":9}}]}',
      ],
      ['POST', '/api/faults/presets', '{"preset":"carrier-outage","prototype":true}'],
    ];
    for (const [method, path, body] of bodies) {
      const reply = await call(`${app.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body });
      expect(reply.status, body).toBe(400);
      expect(
        fieldsOf(reply).some((field) => /(^|\.)(__proto__|constructor|prototype)$/.test(field)),
        body,
      ).toBe(true);
    }
    const { rules } = (await call(`${app.url}/api/faults`)).body as {
      rules: { id: string; params: object; enabled: boolean }[];
    };
    expect(rules.find((rule) => rule.id === firstRuleId(created))).toMatchObject({ params: {}, enabled: true });
    expect(rules.some((rule) => 'latencyMs' in rule.params)).toBe(false);
  });

  it('answers a body announced over the limit with 413 at once, before reading it; chunked bodies over the limit too', async () => {
    const { app } = suite;
    const announced = await rawRequest(
      app.port,
      head([
        'POST /api/faults HTTP/1.1',
        'Host: localhost',
        'Content-Type: application/json',
        'Content-Length: 100000000',
      ]),
    );
    expect(announced.status).toBe(413);
    expect(fieldsOf(announced)).toEqual(['body']);

    // Chunked: no length to judge by; the server counts, and answers once it has seen too much.
    const chunked = rawExchange(
      app.port,
      head([
        'POST /api/orders HTTP/1.1',
        'Host: localhost',
        'Content-Type: application/json',
        'Transfer-Encoding: chunked',
      ]),
    );
    const piece = `{"customerId":"${'x'.repeat(16 * 1024)}`;
    for (let sent = 0; sent < 1024 * 1024 && !chunked.answered(); sent += piece.length) {
      if (!(await chunked.write(`${piece.length.toString(16)}\r\n${piece}\r\n`))) break;
    }
    const reply = await chunked.reply;
    chunked.close();
    expect(reply.status).toBe(413);
    expect(fieldsOf(reply)).toEqual(['body']);

    // Expect: 100-continue is refused without inviting the body.
    const expecting = await rawRequest(
      app.port,
      head([
        'POST /api/faults HTTP/1.1',
        'Host: localhost',
        'Content-Type: application/json',
        'Content-Length: 5000000',
        'Expect: 100-continue',
      ]),
    );
    expect(expecting.status).toBe(413);
  });

  it('cuts a half-sent body off with 408 once BODY_TIMEOUT_MS has passed', async () => {
    const { app } = suite;
    const stalled = rawExchange(
      app.port,
      `${head(['POST /api/faults HTTP/1.1', 'Host: localhost', 'Content-Type: application/json', 'Content-Length: 50'])}{"service":`,
    );
    const reply = await stalled.reply;
    stalled.close();
    expect(reply.status).toBe(408);
    expect(errorCode({ status: reply.status, headers: new Headers(), body: reply.json })).toBe('request_timeout');
    expect(fieldsOf(reply)).toEqual(['body']);
    expect(reply.headers.connection).toBe('close');
  });

  it('refuses the rest of the family: duplicate or undecodable query parameters, non-UTF-8 bodies, other charsets, oversized headers', async () => {
    const { app } = suite;
    const queries: [string, string][] = [
      ['/api/notifications?limit=1&limit=2', 'limit'],
      ['/api/notifications?orderId=%FF%FE', 'orderId'],
      ['/api/runs?q=%E0%A4%A', 'q'],
      ['/api/runs/run_x/export?format=json&format=otlp', 'format'],
      ['/api/notifications?colour=red', 'colour'],
    ];
    for (const [path, field] of queries) {
      const reply = await rawRequest(app.port, head([`GET ${path} HTTP/1.1`, 'Host: localhost']));
      expect(reply.status, path).toBe(400);
      expect(fieldsOf(reply), path).toEqual([field]);
    }
    const latin1 = Buffer.from('{"service":"payment","kind":"decline","name":"caf\xe9"}', 'latin1');
    const notUtf8 = await call(`${app.url}/api/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: latin1,
    });
    expect(notUtf8.status).toBe(400);
    expect(fieldsOf(notUtf8)).toEqual(['body']);
    const charset = await call(`${app.url}/api/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=iso-8859-1' },
      body: '{"service":"payment","kind":"decline"}',
    });
    expect(charset.status).toBe(415);
    expect(fieldsOf(charset)).toEqual(['content-type']);
    const invalid = await call(`${app.url}/api/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"service":',
    });
    expect(invalid.status).toBe(400);
    expect(fieldsOf(invalid)).toEqual(['body']);
    const wrongType = await call(`${app.url}/api/faults`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(wrongType.status).toBe(415);

    const hugeQuery = await rawRequest(
      app.port,
      head([`GET /api/runs?q=${'a'.repeat(40_000)} HTTP/1.1`, 'Host: localhost']),
    );
    expect(hugeQuery.status).toBe(431);
    expect(fieldsOf(hugeQuery)).toEqual(['headers']);
    const badLength = await rawRequest(
      app.port,
      head(['POST /api/faults HTTP/1.1', 'Host: localhost', 'Content-Length: twelve']),
    );
    expect(badLength.status).toBe(400);
    expect(fieldsOf(badLength)).toEqual(['request']);
  });

  it('still serves afterwards: health, and a rule created in one piece', async () => {
    const { app } = suite;
    expect((await call(`${app.url}/api/health`)).status).toBe(200);
    const created = await postJson(`${app.url}/api/faults`, {
      name: 'after',
      service: 'shipping',
      kind: 'latency',
      params: { latencyMs: 1 },
    });
    expect(created.status).toBe(201);
    expect(errorCode(created)).toBeUndefined();
    expect(suite.app.output()).not.toMatch(/unhandled error/);
  });
});
