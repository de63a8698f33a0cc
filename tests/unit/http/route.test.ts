import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { HttpError, route } from '@/lib/http/route';
import { apiErrorBodySchema } from '@/lib/wire/errors';

const context = (params: Record<string, string>) => ({ params: Promise.resolve(params) });
const post = (body: string, type = 'application/json') =>
  new Request('http://localhost/api/things/t1?limit=5', { method: 'POST', headers: { 'content-type': type }, body });
const failure = async (res: Response) => ({ status: res.status, body: apiErrorBodySchema.parse(await res.json()) });

const handler = route(
  {
    params: z.object({ id: z.string().min(2) }),
    query: z.object({ limit: z.coerce.number().int().max(10) }).strict(),
    body: z.object({ name: z.string().min(1) }).strict(),
  },
  ({ params, query, body }) => Response.json({ id: params.id, limit: query.limit, name: body.name }),
);

afterEach(() => vi.restoreAllMocks());

describe('route', () => {
  it("hands the handler its params, query and body parsed by the route's schemas", async () => {
    const res = await handler(post('{"name":"Ada"}'), context({ id: 't1' }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: 't1', limit: 5, name: 'Ada' });
  });

  it('answers bad params, query and body with 400 naming the field, before the handler runs', async () => {
    expect(await failure(await handler(post('{"name":"Ada"}'), context({ id: 'x' })))).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_input', fields: [{ path: 'id' }] } },
    });
    const badQuery = new Request('http://localhost/api/things/t1?limit=50', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":"Ada"}',
    });
    expect(await failure(await handler(badQuery, context({ id: 't1' })))).toMatchObject({
      status: 400,
      body: { error: { fields: [{ path: 'limit' }] } },
    });
    expect(await failure(await handler(post('{"name":"Ada","admin":true}'), context({ id: 't1' })))).toMatchObject({
      status: 400,
      body: { error: { fields: [{ path: 'admin' }] } },
    });
    expect(await failure(await handler(post('{"name":'), context({ id: 't1' })))).toMatchObject({
      status: 400,
      body: { error: { fields: [{ path: 'body', message: 'not valid JSON' }] } },
    });
    expect((await handler(post('name=Ada', 'text/plain'), context({ id: 't1' }))).status).toBe(415);
  });

  it("turns a thrown HttpError into its response, and a route's own errors through its mapping", async () => {
    class Refused extends Error {}
    const refusing = route(
      { errors: (error) => (error instanceof Refused ? Response.json({ mapped: true }, { status: 409 }) : null) },
      () => {
        throw new Refused('busy');
      },
    );
    expect((await refusing()).status).toBe(409);
    const gone = route({}, () => {
      throw new HttpError(410, 'gone', 'It went.', [{ path: 'id', message: 'gone' }]);
    });
    expect(await failure(await gone())).toEqual({
      status: 410,
      body: { error: { code: 'gone', message: 'It went.', fields: [{ path: 'id', message: 'gone' }] } },
    });
  });

  it('answers anything else with a 500 in the same JSON shape, the details only in the log', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const broken = route({}, async () => {
      throw new Error('password=hunter2 in a driver message');
    });
    const res = await failure(await broken(new Request('http://localhost/api/broken')));
    expect(res.status).toBe(500);
    expect(res.body.error.code).toBe('internal_error');
    expect(JSON.stringify(res.body)).not.toContain('hunter2');
    expect(logged).toHaveBeenCalledOnce();
  });
});
