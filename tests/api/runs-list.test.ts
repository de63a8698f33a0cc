import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-db';
import { GET } from '@/app/api/runs/route';
import { getRuns } from '@/lib/store/run-list';
import { apiErrorBodySchema } from '@/lib/wire/errors';
import { historyPageSchema } from '@/lib/wire/history';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute));
  await t.db.run.createMany({
    data: [
      {
        id: 'run_old',
        goal: 'g',
        model: 'offline-planner:offline-planner-v1',
        customerId: 'cus_ada',
        status: 'succeeded',
        startedAt: at(1),
        finishedAt: at(2),
        durationMs: 60000,
      },
      {
        id: 'run_new',
        goal: 'g',
        model: 'offline-planner:offline-planner-v1',
        customerId: 'cus_grace',
        mode: 'orchestrator',
        status: 'running',
        startedAt: at(5),
      },
      { id: 'run_anon', goal: 'g', model: 'm', customerId: null, status: 'failed', startedAt: at(3) },
    ],
  });
});
afterAll(async () => t.dispose());

describe('GET /api/runs', () => {
  it('lists recent runs newest first with customer names', async () => {
    const res = await GET(new Request('http://test/api/runs'));
    expect(res.status).toBe(200);
    const { runs } = historyPageSchema.parse(await res.json());
    expect(runs.map((r) => r.id)).toEqual(['run_new', 'run_anon', 'run_old']);
    expect(runs[0]).toMatchObject({
      status: 'running',
      mode: 'orchestrator',
      customerName: 'Grace Hopper',
      durationMs: null,
      finishedAt: null,
    });
    expect(runs[1].customerName).toBeNull();
    expect(runs[2]).toMatchObject({ customerName: 'Ada Lovelace', durationMs: 60000 });
  });

  it('honours the limit and rejects a bad one with 400', async () => {
    expect(
      historyPageSchema.parse(await (await GET(new Request('http://test/api/runs?limit=1'))).json()).runs,
    ).toHaveLength(1);
    const res = await GET(new Request('http://test/api/runs?limit=-3'));
    expect(res.status).toBe(400);
    expect(apiErrorBodySchema.parse(await res.json()).error.fields[0].path).toBe('limit');
  });
});

describe('getRuns (a run page header)', () => {
  it('returns the runs asked for, in the order asked, leaving out unknown ids', async () => {
    const runs = await getRuns(t.db, ['run_new', 'nope', 'run_old']);
    expect(runs.map((r) => [r.id, r.customerName])).toEqual([
      ['run_new', 'Grace Hopper'],
      ['run_old', 'Ada Lovelace'],
    ]);
    expect(await getRuns(t.db, [])).toEqual([]);
  });
});
