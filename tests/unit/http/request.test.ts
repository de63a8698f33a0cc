import { describe, expect, it } from 'vitest';
import { forbiddenKeyPath, readJsonBody, readQuery } from '@/lib/http/request';

const post = (body: BodyInit, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  new Request('http://test/api/x', { method: 'POST', headers, body });

async function refusal(result: Awaited<ReturnType<typeof readJsonBody>> | ReturnType<typeof readQuery>) {
  if (result.ok) throw new Error('expected a refusal');
  return {
    status: result.response.status,
    body: (await result.response.json()) as { error: { code: string; fields: { path: string; message: string }[] } },
  };
}

describe('readJsonBody', () => {
  it('reads a JSON body', async () => {
    expect(await readJsonBody(post('{"a":[1,{"b":2}]}'))).toEqual({ ok: true, value: { a: [1, { b: 2 }] } });
    expect(await readJsonBody(post('{"a":1}', { 'content-type': 'application/json; charset=UTF-8' }))).toEqual({
      ok: true,
      value: { a: 1 },
    });
  });

  it('refuses __proto__, constructor and prototype at any depth, naming the path', async () => {
    for (const [body, path] of [
      ['{"__proto__":{"admin":true}}', '__proto__'],
      ['{"params":{"constructor":{"prototype":1}}}', 'params.constructor'],
      ['{"items":[{"sku":"x","prototype":1}]}', 'items.0.prototype'],
    ] as const) {
      const { status, body: error } = await refusal(await readJsonBody(post(body)));
      expect(status, body).toBe(400);
      expect(error.error.fields, body).toEqual([{ path, message: `Unknown field "${path.split('.').at(-1)}".` }]);
    }
    // As values they are only text.
    expect(await readJsonBody(post('{"name":"__proto__","tags":["constructor"]}'))).toEqual({
      ok: true,
      value: { name: '__proto__', tags: ['constructor'] },
    });
  });

  it('refuses bytes that are not UTF-8, and a charset other than UTF-8', async () => {
    const latin1 = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]); // {"a":"é"} in Latin-1
    expect(await refusal(await readJsonBody(post(latin1)))).toMatchObject({
      status: 400,
      body: { error: { fields: [{ path: 'body', message: 'not valid UTF-8' }] } },
    });
    expect(
      await refusal(await readJsonBody(post('{"a":1}', { 'content-type': 'application/json; charset=latin1' }))),
    ).toMatchObject({
      status: 415,
      body: { error: { code: 'unsupported_media_type', fields: [{ path: 'content-type' }] } },
    });
  });

  it('refuses what is too large, empty or not JSON', async () => {
    expect((await refusal(await readJsonBody(post(JSON.stringify({ a: 'x'.repeat(70_000) }))))).status).toBe(413);
    expect((await refusal(await readJsonBody(post('  ')))).body.error.fields).toEqual([
      { path: 'body', message: 'a JSON body is required' },
    ]);
    expect((await refusal(await readJsonBody(post('{"a":')))).body.error.fields).toEqual([
      { path: 'body', message: 'not valid JSON' },
    ]);
    expect((await refusal(await readJsonBody(post('{}', { 'content-type': 'text/plain' })))).status).toBe(415);
  });
});

describe('forbiddenKeyPath', () => {
  it('walks 30,000 levels without a stack overflow', () => {
    const deep = JSON.parse(`${'{"a":'.repeat(30_000)}{"constructor":1}${'}'.repeat(30_000)}`) as unknown;
    expect(forbiddenKeyPath(deep)?.endsWith('a.constructor')).toBe(true);
    expect(forbiddenKeyPath(JSON.parse(`${'['.repeat(30_000)}${']'.repeat(30_000)}`))).toBeNull();
  });
});

describe('readQuery', () => {
  it('gives the parameters as an object without a prototype; empty values are absent', () => {
    const query = readQuery('http://test/api/x?limit=5&orderId=ord%20one&q=a+b&empty=&constructor=1');
    expect(query.ok && { ...query.value }).toEqual({ limit: '5', orderId: 'ord one', q: 'a b', constructor: '1' });
    expect(query.ok && Object.getPrototypeOf(query.value)).toBeNull();
  });

  it('refuses a key given twice, naming it', async () => {
    expect(await refusal(readQuery('http://test/api/x?limit=1&limit=2'))).toMatchObject({
      status: 400,
      body: { error: { fields: [{ path: 'limit', message: 'given more than once' }] } },
    });
  });

  it('refuses percent-encoding that is malformed or not UTF-8, naming the parameter', async () => {
    for (const url of [
      'http://test/api/x?orderId=%FF%FE',
      'http://test/api/x?orderId=%E0%A4%A',
      'http://test/api/x?orderId=%ED%A0%80',
    ]) {
      expect(await refusal(readQuery(url)), url).toMatchObject({
        status: 400,
        body: { error: { fields: [{ path: 'orderId' }] } },
      });
    }
  });
});
