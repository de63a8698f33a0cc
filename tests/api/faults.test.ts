import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DELETE as deleteOne, PATCH } from '@/app/api/faults/[id]/route';
import { GET as getPresets, POST as postPreset } from '@/app/api/faults/presets/route';
import { DELETE as deleteAll, GET, POST } from '@/app/api/faults/route';
import { createTestDatabase, type TestDatabase } from '../support/test-db';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
});
afterAll(async () => t.dispose());
beforeEach(async () => {
  await deleteAll();
});

const json = (method: string, body: unknown, path = '/api/faults') =>
  new Request(`http://test${path}`, { method, headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
const params = (id: string) => ({ params: Promise.resolve({ id }) });
const read = async (res: Response) => ({ status: res.status, body: await res.json() });

async function create(body: unknown) {
  const { status, body: out } = await read(await POST(json('POST', body)));
  expect(status).toBe(201);
  return out.rule;
}

describe('/api/faults', () => {
  it('creates, lists (with hit counts), edits, disables and deletes a rule', async () => {
    const rule = await create({ name: 'slow', service: 'payment', kind: 'latency', params: { latencyMs: 700 } });
    expect(rule).toMatchObject({ name: 'slow', service: 'payment', operation: '*', kind: 'latency', enabled: true, trigger: 'always', params: { latencyMs: 700 }, hitCount: 0 });
    expect(typeof rule.createdAt).toBe('string');

    expect((await read(await GET())).body.rules.map((r: { id: string }) => r.id)).toEqual([rule.id]);

    const edited = await read(await PATCH(json('PATCH', { enabled: false, trigger: 'next_n', remainingCalls: 2 }), params(rule.id)));
    expect(edited.status).toBe(200);
    expect(edited.body.rule).toMatchObject({ enabled: false, trigger: 'next_n', remainingCalls: 2 });

    expect(await read(await deleteOne(new Request('http://test', { method: 'DELETE' }), params(rule.id)))).toEqual({ status: 200, body: { deleted: rule.id } });
    expect((await read(await GET())).body.rules).toEqual([]);
  });

  it('answers bad input with 400 naming the field, never a 500', async () => {
    const cases: [unknown, string[]][] = [
      [{}, ['service', 'kind']],
      [{ service: 'payment', kind: 'decline', probability: 'high' }, ['probability']],
      [{ service: 'shipping', kind: 'decline' }, ['kind']],
      [{ service: 'payment', kind: 'timeout', trigger: 'next_n' }, ['remainingCalls']],
      [{ service: 'payment', kind: 'latency', params: { latencyMs: 'soon' } }, ['params.latencyMs']],
      [[1, 2], ['']],
    ];
    for (const [body, fields] of cases) {
      const { status, body: out } = await read(await POST(json('POST', body)));
      expect(status, JSON.stringify(body)).toBe(400);
      expect(out.error.code).toBe('invalid_input');
      expect(out.error.fields.map((f: { path: string }) => f.path)).toEqual(fields);
      expect(out.error.message).toContain(fields[0]);
    }
    const broken = await read(await POST(json('POST', '{"service": ')));
    expect(broken.status).toBe(400);
    expect(broken.body.error.fields).toEqual([{ path: 'body', message: 'not valid JSON' }]);
    expect((await read(await GET())).body.rules).toEqual([]);
  });

  it('answers 404 for an unknown id and 400 for a bad patch', async () => {
    const rule = await create({ service: 'payment', kind: 'decline', operation: 'authorize' });
    expect((await read(await PATCH(json('PATCH', { enabled: false }), params('nope')))).status).toBe(404);
    expect((await read(await deleteOne(new Request('http://test', { method: 'DELETE' }), params('nope')))).body.error.code).toBe('not_found');
    const bad = await read(await PATCH(json('PATCH', { operation: 'refund', colour: 'red' }), params(rule.id)));
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['colour']);
    const cross = await read(await PATCH(json('PATCH', { operation: 'refund' }), params(rule.id)));
    expect(cross.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['operation']);
    expect((await read(await PATCH(json('PATCH', { enabled: false }), params('x'.repeat(101))))).status).toBe(400);
  });

  it('clears every rule', async () => {
    await create({ service: 'customer', kind: 'service_down' });
    await create({ service: 'notification', kind: 'provider_down' });
    expect(await read(await deleteAll())).toEqual({ status: 200, body: { deleted: 2 } });
  });
});

describe('/api/faults/presets', () => {
  it('lists presets with descriptions', async () => {
    const { status, body } = await read(getPresets());
    expect(status).toBe(200);
    expect(body.presets.find((p: { id: string }) => p.id === 'flaky-gateway-30')).toEqual({
      id: 'flaky-gateway-30', name: 'Flaky gateway 30%', description: expect.stringContaining('30%'), ruleCount: 1,
    });
  });

  it('applies a preset in one call, adding to or replacing the rules', async () => {
    await create({ service: 'customer', kind: 'service_down' });
    const added = await read(await postPreset(json('POST', { preset: 'flaky-gateway-30' }, '/api/faults/presets')));
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ preset: 'flaky-gateway-30', deleted: 0, created: [{ kind: 'server_error', probability: 0.3, seed: 42 }] });
    expect((await read(await GET())).body.rules).toHaveLength(2);

    const replaced = await read(await postPreset(json('POST', { preset: 'carrier-outage', replace: true }, '/api/faults/presets')));
    expect(replaced.body).toMatchObject({ deleted: 2, created: [{ service: 'shipping', kind: 'carrier_outage', params: { carrier: 'ups' } }] });
    expect((await read(await GET())).body.rules).toHaveLength(1);
  });

  it('names a bad preset request', async () => {
    const bad = await read(await postPreset(json('POST', { preset: 'meteor' }, '/api/faults/presets')));
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['preset']);
  });
});
