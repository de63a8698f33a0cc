import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DELETE as deleteOne, PATCH } from '@/app/api/faults/[id]/route';
import { GET as getPresets, POST as postPreset } from '@/app/api/faults/presets/route';
import { DELETE as deleteAll, GET, POST } from '@/app/api/faults/route';
import { apiErrorBodySchema } from '@/lib/wire/errors';
import {
  faultPresetAppliedSchema,
  faultPresetListSchema,
  faultRuleDeletedSchema,
  faultRuleListSchema,
  faultRuleReplySchema,
  faultRulesClearedSchema,
} from '@/lib/wire/fault-rules';
import type { z } from 'zod';
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
  new Request(`http://test${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const params = (id: string) => ({ params: Promise.resolve({ id }) });
/** A response's status and its body, checked against the wire schema the route promises. */
const read = async <S extends z.ZodType>(res: Response, schema: S) => ({
  status: res.status,
  body: schema.parse(await res.json()) as z.infer<S>,
});
const failure = (res: Response) => read(res, apiErrorBodySchema);
const listed = async () => (await read(await GET(), faultRuleListSchema)).body.rules;

async function create(body: unknown) {
  const { status, body: out } = await read(await POST(json('POST', body)), faultRuleReplySchema);
  expect(status).toBe(201);
  return out.rule;
}

describe('/api/faults', () => {
  it('creates, lists (with hit counts), edits, disables and deletes a rule', async () => {
    const rule = await create({ name: 'slow', service: 'payment', kind: 'latency', params: { latencyMs: 700 } });
    expect(rule).toMatchObject({
      name: 'slow',
      service: 'payment',
      operation: '*',
      kind: 'latency',
      enabled: true,
      trigger: 'always',
      params: { latencyMs: 700 },
      hitCount: 0,
    });
    expect(typeof rule.createdAt).toBe('string');

    expect((await listed()).map((r) => r.id)).toEqual([rule.id]);

    const edited = await read(
      await PATCH(json('PATCH', { enabled: false, trigger: 'next_n', remainingCalls: 2 }), params(rule.id)),
      faultRuleReplySchema,
    );
    expect(edited.status).toBe(200);
    expect(edited.body.rule).toMatchObject({ enabled: false, trigger: 'next_n', remainingCalls: 2 });

    expect(
      await read(
        await deleteOne(new Request('http://test', { method: 'DELETE' }), params(rule.id)),
        faultRuleDeletedSchema,
      ),
    ).toEqual({ status: 200, body: { deleted: rule.id } });
    expect(await listed()).toEqual([]);
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
      const { status, body: out } = await failure(await POST(json('POST', body)));
      expect(status, JSON.stringify(body)).toBe(400);
      expect(out.error.code).toBe('invalid_input');
      expect(out.error.fields.map((f) => f.path)).toEqual(fields);
      expect(out.error.message).toContain(fields[0]);
    }
    const broken = await failure(await POST(json('POST', '{"service": ')));
    expect(broken.status).toBe(400);
    expect(broken.body.error.fields).toEqual([{ path: 'body', message: 'not valid JSON' }]);
    expect(await listed()).toEqual([]);
  });

  it('answers 404 for an unknown id and 400 for a bad patch', async () => {
    const rule = await create({ service: 'payment', kind: 'decline', operation: 'authorize' });
    expect((await failure(await PATCH(json('PATCH', { enabled: false }), params('nope')))).status).toBe(404);
    expect(
      (await failure(await deleteOne(new Request('http://test', { method: 'DELETE' }), params('nope')))).body.error
        .code,
    ).toBe('not_found');
    const bad = await failure(await PATCH(json('PATCH', { operation: 'refund', colour: 'red' }), params(rule.id)));
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f) => f.path)).toEqual(['colour']);
    const cross = await failure(await PATCH(json('PATCH', { operation: 'refund' }), params(rule.id)));
    expect(cross.body.error.fields.map((f) => f.path)).toEqual(['operation']);
    expect((await failure(await PATCH(json('PATCH', { enabled: false }), params('x'.repeat(101))))).status).toBe(400);
  });

  it('clears every rule', async () => {
    await create({ service: 'customer', kind: 'service_down' });
    await create({ service: 'notification', kind: 'provider_down' });
    expect(await read(await deleteAll(), faultRulesClearedSchema)).toEqual({ status: 200, body: { deleted: 2 } });
  });
});

describe('/api/faults/presets', () => {
  it('lists presets with descriptions', async () => {
    const { status, body } = await read(await getPresets(), faultPresetListSchema);
    expect(status).toBe(200);
    expect(body.presets.find((p) => p.id === 'flaky-gateway-30')).toEqual({
      id: 'flaky-gateway-30',
      name: 'Flaky gateway 30%',
      description: expect.stringContaining('30%'),
      ruleCount: 1,
    });
  });

  it('applies a preset in one call, adding to or replacing the rules', async () => {
    await create({ service: 'customer', kind: 'service_down' });
    const added = await read(
      await postPreset(json('POST', { preset: 'flaky-gateway-30' }, '/api/faults/presets')),
      faultPresetAppliedSchema,
    );
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      preset: 'flaky-gateway-30',
      deleted: 0,
      created: [{ kind: 'server_error', probability: 0.3, seed: 42 }],
    });
    expect(await listed()).toHaveLength(2);

    const replaced = await read(
      await postPreset(json('POST', { preset: 'carrier-outage', replace: true }, '/api/faults/presets')),
      faultPresetAppliedSchema,
    );
    expect(replaced.body).toMatchObject({
      deleted: 2,
      created: [{ service: 'shipping', kind: 'carrier_outage', params: { carrier: 'ups' } }],
    });
    expect(await listed()).toHaveLength(1);
  });

  it('names a bad preset request', async () => {
    const bad = await failure(await postPreset(json('POST', { preset: 'meteor' }, '/api/faults/presets')));
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f) => f.path)).toEqual(['preset']);
  });
});
