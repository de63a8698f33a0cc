import { describe, expect, it } from 'vitest';
import {
  accessConfigFromEnv,
  accessDeniedResponse,
  decideAccess,
  isLoopbackAddress,
  isLoopbackHost,
  isProtected,
  tokensEqual,
  type AccessRequest,
} from '@/lib/http/access';

const TOKEN = 'correct-horse-battery-staple';
const loopbackMode = { adminToken: null };
const tokenMode = { adminToken: TOKEN };

function request(overrides: Partial<AccessRequest> = {}): AccessRequest {
  return {
    method: 'POST',
    pathname: '/api/orders',
    remoteAddress: '127.0.0.1',
    host: '127.0.0.1:3000',
    origin: null,
    authorization: null,
    cookieToken: null,
    queryToken: null,
    ...overrides,
  };
}

describe('what is protected', () => {
  it.each([
    ['POST', '/api/orders'],
    ['PUT', '/api/faults/x'],
    ['PATCH', '/api/faults/x'],
    ['DELETE', '/api/faults'],
    ['post', '/api/runs/r1/rerun'],
    ['PROPFIND', '/api/orders'],
    ['GET', '/chaos'],
    ['HEAD', '/chaos'],
    ['GET', '/chaos/anything'],
  ])('%s %s', (method, path) => expect(isProtected(method, path)).toBe(true));

  it.each([
    ['GET', '/api/orders/o1'],
    ['GET', '/api/runs'],
    ['HEAD', '/api/health'],
    ['OPTIONS', '/api/orders'],
    ['GET', '/'],
    ['GET', '/chaosmonkey'],
  ])('%s %s stays open', (method, path) => {
    expect(isProtected(method, path)).toBe(false);
    // Open even from a stranger with no token.
    expect(decideAccess(request({ method, pathname: path, remoteAddress: '203.0.113.9' }), tokenMode)).toEqual({
      kind: 'open',
    });
  });
});

describe('loopback addresses and hosts', () => {
  it.each(['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1', '0:0:0:0:0:0:0:1', ' 127.0.0.1 '])(
    '%s is loopback',
    (a) => expect(isLoopbackAddress(a)).toBe(true),
  );
  it.each([
    null,
    '',
    '10.0.0.1',
    '192.168.1.2',
    '::ffff:10.0.0.1',
    '127.0.0',
    '127.0.0.256',
    '1127.0.0.1',
    '::2',
    'localhost',
    '127.0.0.1, 10.0.0.1',
  ])('%s is not', (a) => expect(isLoopbackAddress(a)).toBe(false));
  it.each(['localhost', 'localhost:3000', 'app.localhost:80', '127.0.0.1:3210', '[::1]:3000', '[::1]'])(
    'Host %s names this machine',
    (h) => expect(isLoopbackHost(h)).toBe(true),
  );
  it.each([null, 'evil.example', 'evil.example:3000', '10.0.0.1:3000', 'localhost.evil.example', '[::2]:80'])(
    'Host %s does not',
    (h) => expect(isLoopbackHost(h)).toBe(false),
  );
});

describe('without ADMIN_TOKEN: loopback callers only', () => {
  it('allows a loopback caller', () => {
    expect(decideAccess(request(), loopbackMode)).toEqual({ kind: 'allow' });
    expect(
      decideAccess(
        request({ remoteAddress: '::1', host: 'localhost:3000', method: 'DELETE', pathname: '/api/faults' }),
        loopbackMode,
      ),
    ).toEqual({ kind: 'allow' });
    expect(
      decideAccess(request({ method: 'GET', pathname: '/chaos', remoteAddress: '::ffff:127.0.0.1' }), loopbackMode),
    ).toEqual({ kind: 'allow' });
  });

  it('refuses a non-loopback caller with 403, whatever token it shows', () => {
    for (const remoteAddress of ['192.168.1.20', '10.0.0.1', '::ffff:172.16.0.4', '2001:db8::1']) {
      const decision = decideAccess(request({ remoteAddress, authorization: `Bearer ${TOKEN}` }), loopbackMode);
      expect(decision).toMatchObject({ kind: 'deny', status: 403, code: 'forbidden' });
    }
    expect(
      decideAccess(request({ method: 'GET', pathname: '/chaos', remoteAddress: '10.0.0.1' }), loopbackMode),
    ).toMatchObject({ kind: 'deny', status: 403 });
  });

  it('refuses when the address is unknown (not started through server.mjs): fail closed', () => {
    const decision = decideAccess(request({ remoteAddress: null }), loopbackMode);
    expect(decision).toMatchObject({ kind: 'deny', status: 403 });
    expect(decision.kind === 'deny' && decision.message).toContain('server.mjs');
  });

  it('refuses a loopback socket that names another host (DNS rebinding, a local reverse proxy)', () => {
    expect(decideAccess(request({ host: 'evil.example:3000' }), loopbackMode)).toMatchObject({
      kind: 'deny',
      status: 403,
    });
    expect(decideAccess(request({ host: null }), loopbackMode)).toMatchObject({ kind: 'deny', status: 403 });
  });

  it('refuses a cross-site browser request (Origin of another site, or "null")', () => {
    expect(decideAccess(request({ origin: 'http://127.0.0.1:3000' }), loopbackMode)).toEqual({ kind: 'allow' });
    expect(decideAccess(request({ origin: 'https://evil.example' }), loopbackMode)).toMatchObject({
      kind: 'deny',
      status: 403,
      code: 'cross_origin',
    });
    expect(decideAccess(request({ origin: 'http://127.0.0.1:4000' }), loopbackMode)).toMatchObject({
      kind: 'deny',
      code: 'cross_origin',
    });
    expect(decideAccess(request({ origin: 'null' }), loopbackMode)).toMatchObject({
      kind: 'deny',
      code: 'cross_origin',
    });
  });
});

describe('with ADMIN_TOKEN: the token, from anywhere', () => {
  it('allows the bearer token from a non-loopback caller under any host name', () => {
    const stranger = { remoteAddress: '203.0.113.9', host: 'shop.example' };
    expect(decideAccess(request({ ...stranger, authorization: `Bearer ${TOKEN}` }), tokenMode)).toEqual({
      kind: 'allow',
    });
    expect(decideAccess(request({ ...stranger, authorization: 'bearer tok' }), { adminToken: 'tok' })).toEqual({
      kind: 'allow',
    });
  });

  it('allows the admin_token cookie (the browser UI after /chaos?token=…)', () => {
    expect(
      decideAccess(request({ remoteAddress: '203.0.113.9', host: 'shop.example', cookieToken: TOKEN }), tokenMode),
    ).toEqual({ kind: 'allow' });
  });

  it('answers 401 without a token, even to a loopback caller', () => {
    const decision = decideAccess(request(), tokenMode);
    expect(decision).toMatchObject({ kind: 'deny', status: 401, code: 'unauthorized' });
  });

  it('answers 401 to a wrong token, a token of another length, another scheme or a token in the query of an API call', () => {
    for (const overrides of [
      { authorization: 'Bearer wrong' },
      { authorization: `Bearer ${TOKEN}x` },
      { authorization: `Basic ${TOKEN}` },
      { cookieToken: 'wrong' },
      { queryToken: TOKEN },
      { authorization: 'Bearer' },
    ]) {
      expect(decideAccess(request({ remoteAddress: '203.0.113.9', ...overrides }), tokenMode)).toMatchObject({
        kind: 'deny',
        status: 401,
      });
    }
  });

  it('turns a correct one-time /chaos?token=… into the cookie, and refuses a wrong one', () => {
    const page = { method: 'GET', pathname: '/chaos', remoteAddress: '203.0.113.9', host: 'shop.example' };
    expect(decideAccess(request({ ...page, queryToken: TOKEN }), tokenMode)).toEqual({
      kind: 'set-cookie',
      token: TOKEN,
    });
    expect(decideAccess(request({ ...page, queryToken: 'guess' }), tokenMode)).toMatchObject({
      kind: 'deny',
      status: 401,
    });
    expect(decideAccess(request({ ...page, queryToken: TOKEN, method: 'POST' }), tokenMode)).toMatchObject({
      kind: 'deny',
      status: 401,
    });
  });

  it('still refuses a cross-site request that carries the cookie', () => {
    expect(decideAccess(request({ cookieToken: TOKEN, origin: 'https://evil.example' }), tokenMode)).toMatchObject({
      kind: 'deny',
      code: 'cross_origin',
    });
  });
});

describe('configuration and the response', () => {
  it('reads ADMIN_TOKEN, blank meaning unset', () => {
    expect(accessConfigFromEnv({})).toEqual({ adminToken: null });
    expect(accessConfigFromEnv({ ADMIN_TOKEN: '   ' })).toEqual({ adminToken: null });
    expect(accessConfigFromEnv({ ADMIN_TOKEN: ' abc ' })).toEqual({ adminToken: 'abc' });
  });

  it('compares tokens by value', () => {
    expect(tokensEqual(TOKEN, TOKEN)).toBe(true);
    expect(tokensEqual(TOKEN, `${TOKEN} `)).toBe(false);
    expect(tokensEqual('', TOKEN)).toBe(false);
  });

  it('answers in the one error shape; 401 names the scheme', async () => {
    const response = accessDeniedResponse({ status: 401, code: 'unauthorized', message: 'no' });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(await response.json()).toEqual({ error: { code: 'unauthorized', message: 'no', fields: [] } });
    expect(
      accessDeniedResponse({ status: 403, code: 'forbidden', message: 'no' }).headers.get('www-authenticate'),
    ).toBeNull();
  });
});
