import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  API_ROUTE_METHODS,
  DEFAULT_BODY_TIMEOUT_MS,
  allowedMethods,
  apiRouteOf,
  bodyTimeoutMs,
  clientErrorReply,
  declaredSizeRefusal,
  hasBody,
  maxBodyBytesFor,
  methodRefusal,
  targetReply,
  urlRefusal,
} from '@/lib/http/edge.mjs';

const HTTP_METHODS = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE'];
const APP_DIR = path.resolve(import.meta.dirname, '../../../app');
/** Where route handlers live: the API, and the OTLP ingest at the path collectors use (/v1/traces). */
const ROUTE_DIRS = [path.join(APP_DIR, 'api'), path.join(APP_DIR, 'v1')];

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? routeFiles(full) : entry.name === 'route.ts' ? [full] : [];
  });
}

describe('API_ROUTE_METHODS', () => {
  it('lists every API route with exactly the methods its route.ts exports', async () => {
    const found: Record<string, string[]> = {};
    for (const file of ROUTE_DIRS.flatMap(routeFiles)) {
      const route = `/${path.relative(APP_DIR, path.dirname(file)).split(path.sep).join('/')}`;
      const exports = (await import(file)) as Record<string, unknown>;
      found[route] = HTTP_METHODS.filter((m) => typeof exports[m] === 'function');
    }
    expect(found).toEqual(API_ROUTE_METHODS);
  }, 60_000);
});

describe('routes and methods', () => {
  it('matches a path to its route, static segments first', () => {
    expect(apiRouteOf('/api/runs/live')).toBe('/api/runs/live');
    expect(apiRouteOf('/api/runs/run_1')).toBe('/api/runs/[id]');
    expect(apiRouteOf('/api/runs/run_1/events.json')).toBe('/api/runs/[id]/events.json');
    expect(apiRouteOf('/api/faults/')).toBe('/api/faults');
    expect(apiRouteOf('/api/nope')).toBeNull();
    expect(apiRouteOf('/runs')).toBeNull();
    expect(apiRouteOf('/v1/traces')).toBe('/v1/traces');
  });

  it('gives the OTLP ingest a larger body limit than the rest of the API', () => {
    expect(maxBodyBytesFor('/v1/traces')).toBe(4 * 1024 * 1024);
    expect(maxBodyBytesFor('/api/orders')).toBe(64 * 1024);
    expect(declaredSizeRefusal({ 'content-length': String(1024 * 1024) }, maxBodyBytesFor('/v1/traces'))).toBeNull();
    expect(declaredSizeRefusal({ 'content-length': String(1024 * 1024) }, maxBodyBytesFor('/api/orders'))?.status).toBe(
      413,
    );
  });

  it('allows what the route exports, with HEAD for GET and OPTIONS always; pages GET and HEAD', () => {
    expect(allowedMethods('/api/faults')).toEqual(['GET', 'HEAD', 'OPTIONS', 'POST', 'DELETE']);
    expect(allowedMethods('/api/faults/f_1')).toEqual(['OPTIONS', 'PATCH', 'DELETE']);
    expect(allowedMethods('/runs')).toEqual(['GET', 'HEAD', 'OPTIONS']);
  });

  it('refuses unknown methods everywhere and unexported ones on API routes, 405 with Allow', () => {
    for (const method of ['PROPFIND', 'MKCOL', 'PURGE', 'TRACE']) {
      expect(methodRefusal(method, '/api/orders'), method).toMatchObject({
        status: 405,
        code: 'method_not_allowed',
        headers: { allow: 'OPTIONS, POST' },
        fields: [{ path: 'method' }],
      });
    }
    expect(methodRefusal('PURGE', '/')).toMatchObject({ status: 405, headers: { allow: 'GET, HEAD, OPTIONS' } });
    expect(methodRefusal('PUT', '/api/health')).toMatchObject({
      status: 405,
      headers: { allow: 'GET, HEAD, OPTIONS' },
    });
    expect(methodRefusal('DELETE', '/api/faults/f_1')).toBeNull();
    expect(methodRefusal('HEAD', '/api/runs')).toBeNull();
    // Pages and unknown paths are Next's to answer for the methods it knows (404, or the page).
    expect(methodRefusal('POST', '/runs')).toBeNull();
    expect(methodRefusal('DELETE', '/api/nope')).toBeNull();
  });
});

describe('request targets and URLs', () => {
  it('answers OPTIONS * with what the server supports, and refuses * for anything else', () => {
    expect(targetReply('OPTIONS', '*')).toMatchObject({
      status: 204,
      headers: { allow: 'GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE' },
    });
    expect(targetReply('GET', '*')).toMatchObject({ status: 400, fields: [{ path: 'path' }] });
    expect(targetReply('GET', 'example.com:443')).toMatchObject({ status: 400 });
    expect(targetReply('GET', '/api/runs')).toBeNull();
    expect(targetReply('GET', 'http://localhost/api/runs')).toBeNull();
  });

  it('refuses __proto__ (Next would drop it) and prototype/constructor query keys, however encoded', () => {
    for (const url of [
      '/api/runs?__proto__=1',
      '/api/runs?status=failed&%5F%5Fproto%5F%5F=x',
      '/api/compare?a=1&constructor',
      '/api/runs?prototype=',
    ]) {
      expect(urlRefusal(url), url).toMatchObject({
        status: 400,
        code: 'invalid_input',
        fields: [{ message: expect.stringMatching(/^Unknown field/) }],
      });
    }
    expect(urlRefusal('/api/runs?q=__proto__')).toBeNull();
  });

  it('refuses paths and query parts whose percent-encoding does not decode to UTF-8, naming them', () => {
    expect(urlRefusal('/api/runs/%E0%A4%A')).toMatchObject({ status: 400, fields: [{ path: 'path' }] });
    expect(urlRefusal('/api/notifications?orderId=%FF')).toMatchObject({ status: 400, fields: [{ path: 'orderId' }] });
    expect(urlRefusal('/api/notifications?%ED%A0%80=1')).toMatchObject({
      status: 400,
      fields: [{ path: '%ED%A0%80' }],
    });
    expect(urlRefusal('/api/runs?q=caf%C3%A9+au+lait&status=failed')).toBeNull();
  });
});

describe('bodies', () => {
  it('refuses a declared body over the limit before reading it', () => {
    expect(declaredSizeRefusal({ 'content-length': '100000000' })).toMatchObject({
      status: 413,
      code: 'payload_too_large',
      fields: [{ path: 'body' }],
    });
    expect(declaredSizeRefusal({ 'content-length': '65536' })).toBeNull();
    expect(declaredSizeRefusal({})).toBeNull();
  });

  it('knows a request with a body from one without', () => {
    expect(hasBody({ 'transfer-encoding': 'chunked' })).toBe(true);
    expect(hasBody({ 'content-length': '2' })).toBe(true);
    expect(hasBody({ 'content-length': '0' })).toBe(false);
    expect(hasBody({})).toBe(false);
  });

  it('reads BODY_TIMEOUT_MS, and stops on a value that is not a positive whole number', () => {
    expect(bodyTimeoutMs({})).toBe(DEFAULT_BODY_TIMEOUT_MS);
    expect(bodyTimeoutMs({ BODY_TIMEOUT_MS: '250' })).toBe(250);
    for (const bad of ['0', '-1', '1.5', 'soon'])
      expect(() => bodyTimeoutMs({ BODY_TIMEOUT_MS: bad }), bad).toThrow(/BODY_TIMEOUT_MS/);
  });
});

describe('clientErrorReply', () => {
  it('answers what Node’s parser refused in the one shape', () => {
    expect(clientErrorReply('HPE_HEADER_OVERFLOW')).toMatchObject({ status: 431, fields: [{ path: 'headers' }] });
    expect(clientErrorReply('HPE_INVALID_METHOD')).toMatchObject({
      status: 405,
      headers: { allow: expect.stringContaining('GET') },
    });
    expect(clientErrorReply('ERR_HTTP_REQUEST_TIMEOUT')).toMatchObject({ status: 408 });
    expect(clientErrorReply('HPE_INVALID_CONTENT_LENGTH')).toMatchObject({
      status: 400,
      code: 'bad_request',
      fields: [{ path: 'request' }],
    });
  });
});
