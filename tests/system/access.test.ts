import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { serverForSuite } from '../support/system/app-server';
import { call, errorCode, firstRuleId, postJson, rawCall } from '../support/system/http';

/**
 * The access gate on the real server, in both modes. The servers listen only on 127.0.0.1, so every
 * caller here is loopback: the non-loopback branch is unit-tested on the policy
 * (tests/unit/http/access.test.ts); here we prove that what the client sends cannot change the
 * address the server sees, and that the token mode holds end to end.
 */

const RULE = { service: 'notification', kind: 'latency', params: { latencyMs: 1 } };
const ORDER = { customerId: 'cus_ada', items: [{ sku: 'CB-010', quantity: 1 }], mode: 'orchestrator' };
const FORGED = {
  'x-aco-remote-address': '203.0.113.7',
  'x-forwarded-for': '203.0.113.7',
  'x-real-ip': '203.0.113.7',
  forwarded: 'for=203.0.113.7',
};

describe('no ADMIN_TOKEN: loopback callers only', () => {
  const suite = serverForSuite();

  it('lets a loopback caller read, change fault rules, place an order and open the control panel', async () => {
    const { app } = suite;
    expect((await call(`${app.url}/api/faults`)).status).toBe(200);
    const created = await postJson(`${app.url}/api/faults`, RULE);
    expect(created.status).toBe(201);
    expect(
      (await postJson(`${app.url}/api/faults/${firstRuleId(created)}`, { enabled: false }, {}, 'PATCH')).status,
    ).toBe(200);
    expect((await call(`${app.url}/api/faults/${firstRuleId(created)}`, { method: 'DELETE' })).status).toBe(200);
    expect((await postJson(`${app.url}/api/orders`, ORDER)).status).toBe(201);
    expect([401, 403]).not.toContain((await call(`${app.url}/chaos`)).status);
  });

  it('ignores a forged x-aco-remote-address / X-Forwarded-For: the server sees the socket', async () => {
    const { app } = suite;
    // Were a client-sent address believed, this loopback caller would be refused as 203.0.113.7.
    const created = await postJson(`${app.url}/api/faults`, RULE, FORGED);
    expect(created.status).toBe(201);
    expect(
      (await call(`${app.url}/api/faults/${firstRuleId(created)}`, { method: 'DELETE', headers: FORGED })).status,
    ).toBe(200);
    expect([401, 403]).not.toContain((await call(`${app.url}/chaos`, { headers: FORGED })).status);
  });

  it('refuses a loopback socket that names another host, or a cross-site page, with 403 in the error shape', async () => {
    const { app } = suite;
    const strangers: Record<string, string>[] = [
      { host: 'evil.example' },
      { origin: 'https://evil.example' },
      { origin: 'null' },
    ];
    for (const headers of strangers) {
      const refused = await rawCall(`${app.url}/api/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(RULE),
      });
      expect(refused.status, JSON.stringify(headers)).toBe(403);
      expect(errorCode(refused)).toMatch(/^(forbidden|cross_origin)$/);
    }
    expect((await rawCall(`${app.url}/chaos`, { headers: { host: 'rebound.example:80' } })).status).toBe(403);
    expect((await call(`${app.url}/api/faults`)).body).toEqual({ rules: [] });
  });

  it('keeps reads open', async () => {
    const { app } = suite;
    expect((await rawCall(`${app.url}/api/runs`, { headers: { host: 'anywhere.example' } })).status).toBe(200);
  });
});

describe('ADMIN_TOKEN set: the token is needed, from anyone', () => {
  const token = randomBytes(24).toString('base64url');
  const bearer = { authorization: `Bearer ${token}` };
  const suite = serverForSuite({ ADMIN_TOKEN: token });

  it('answers 401 in the error shape without the token, with a wrong one, and to a forged loopback address', async () => {
    const { app } = suite;
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer wrong' },
      { authorization: `Bearer ${token}x` },
      { cookie: 'admin_token=wrong' },
      { 'x-aco-remote-address': '127.0.0.1' },
    ];
    for (const headers of attempts) {
      const refused = await postJson(`${app.url}/api/faults`, RULE, headers);
      expect(refused.status, JSON.stringify(headers)).toBe(401);
      expect(errorCode(refused)).toBe('unauthorized');
      expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer /);
    }
    expect((await call(`${app.url}/api/faults`, { method: 'DELETE' })).status).toBe(401);
    expect((await postJson(`${app.url}/api/orders`, ORDER)).status).toBe(401);
    expect((await call(`${app.url}/chaos`)).status).toBe(401);
    expect((await call(`${app.url}/api/faults`)).body).toEqual({ rules: [] });
  });

  it('accepts the bearer token, under any host name', async () => {
    const { app } = suite;
    const created = await rawCall(`${app.url}/api/faults`, {
      method: 'POST',
      headers: { ...bearer, host: 'shop.example', 'content-type': 'application/json' },
      body: JSON.stringify(RULE),
    });
    expect(created.status).toBe(201);
    expect(
      (await call(`${app.url}/api/faults/${firstRuleId(created)}`, { method: 'DELETE', headers: bearer })).status,
    ).toBe(200);
    expect((await postJson(`${app.url}/api/orders`, ORDER, bearer)).status).toBe(201);
  });

  it('turns /chaos?token=… into an HttpOnly cookie that the browser UI then uses', async () => {
    const { app } = suite;
    expect((await call(`${app.url}/chaos?token=guess`)).status).toBe(401);
    const landing = await call(`${app.url}/chaos?token=${token}&tab=rules`);
    expect(landing.status).toBe(303);
    expect(new URL(landing.headers.get('location') ?? '', app.url).search).toBe('?tab=rules');
    const setCookie = landing.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=strict/i);
    const cookie = setCookie.split(';')[0];
    expect([401, 403]).not.toContain((await call(`${app.url}/chaos`, { headers: { cookie } })).status);
    const created = await postJson(`${app.url}/api/faults`, RULE, { cookie });
    expect(created.status).toBe(201);
    expect((await call(`${app.url}/api/faults`, { method: 'DELETE', headers: { cookie } })).status).toBe(200);
  });

  it('keeps reads open without the token', async () => {
    const { app } = suite;
    expect((await call(`${app.url}/api/faults`)).status).toBe(200);
    expect((await call(`${app.url}/api/health`)).status).toBe(200);
  });
});
