import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getProgress } from '@/app/api/chaos/scorecards/progress/route';
import { POST } from '@/app/api/chaos/scorecards/route';
import { createTestDatabase, type TestDatabase } from '../support/test-db';
import { scorecardProgressSchema } from '@/lib/wire/chaos';
import { apiErrorBodySchema } from '@/lib/wire/errors';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
});
afterAll(async () => t.dispose());

const progress = (key: string) =>
  getProgress(new Request(`http://test/api/chaos/scorecards/progress?key=${encodeURIComponent(key)}`));
const read = async (res: Response) => ({ status: res.status, body: (await res.json()) as unknown });

describe('/api/chaos/scorecards/progress', () => {
  it('follows a scorecard started with a progressKey, order-trial by order-trial, to its end', async () => {
    const key = 'progress_test_0001';
    const started = POST(
      new Request('http://test/api/chaos/scorecards', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ orders: 2, seed: 3, k: 1, progressKey: key }),
      }),
    );
    // Tracked from the moment the request is taken: its total is known before any trial ends.
    let seen = await read(await progress(key));
    for (let i = 0; seen.status === 404 && i < 100; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      seen = await read(await progress(key));
    }
    expect(seen.status).toBe(200);
    expect(scorecardProgressSchema.parse(seen.body).total).toBe(4);
    expect((await started).status).toBe(201);
    const end = await read(await progress(key));
    const ended = scorecardProgressSchema.parse(end.body);
    expect(ended).toMatchObject({ done: 4, total: 4, finished: true });
    expect(ended.elapsedMs).toBeGreaterThan(0);
  });

  it('answers 404 for a key nobody started and 400 with the field named for a malformed one', async () => {
    expect((await progress('nobody_started_this')).status).toBe(404);
    const bad = await read(await progress('no'));
    expect(bad.status).toBe(400);
    expect(apiErrorBodySchema.parse(bad.body).error.fields[0].path).toBe('key');
    const badPost = await read(
      await POST(
        new Request('http://test/api/chaos/scorecards', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ orders: 1, progressKey: 'bad key!' }),
        }),
      ),
    );
    expect(badPost.status).toBe(400);
    expect(apiErrorBodySchema.parse(badPost.body).error.fields[0].path).toBe('progressKey');
  });
});
