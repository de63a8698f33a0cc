import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serialQueries } from '@/lib/db/serial-queries';
import { createTestDatabase, type PostgresTestDatabase } from '../support/test-db';

/**
 * Queries asked for all at once on one pg client run one after another, each with its own answer: the
 * client never has two in flight (pg 8 queues overlapping ones but deprecates it).
 */

let t: PostgresTestDatabase;

/** The client, with how many of its queries were in flight at most. */
function counted(client: pg.Client): { client: pg.Client; maxInFlight: () => number } {
  let inFlight = 0;
  let max = 0;
  const query = client.query.bind(client) as (text: string, values?: unknown[]) => Promise<pg.QueryResult>;
  const wrapped = new Proxy(client, {
    get(target, prop, receiver) {
      if (prop !== 'query') return Reflect.get(target, prop, receiver) as unknown;
      return (text: string, values?: unknown[]) => {
        max = Math.max(max, ++inFlight);
        return query(text, values).finally(() => inFlight--);
      };
    },
  });
  return { client: wrapped, maxInFlight: () => max };
}

beforeAll(async () => {
  const created = await createTestDatabase({ seed: false });
  if (created.engine !== 'postgresql') throw new Error('run with vitest.postgres.config.ts');
  t = created;
});

afterAll(async () => {
  await t?.dispose();
});

describe('serialQueries', () => {
  it('answers queries asked for at once, each its own, in call order, one at a time', async () => {
    const raw = new pg.Client({ connectionString: t.url });
    await raw.connect();
    try {
      const { client, maxInFlight } = counted(raw);
      const queries = serialQueries(client);
      const order: number[] = [];
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          queries.query<{ n: number }>('SELECT $1::int AS n', [i]).then((result) => {
            order.push(i);
            return result.rows[0].n;
          }),
        ),
      );
      expect(answers).toEqual(Array.from({ length: 30 }, (_, i) => i));
      expect(order).toEqual(answers);
      expect(maxInFlight()).toBe(1);
      // A failing query fails alone; the next one still runs.
      const failed = queries.query('SELECT 1/0');
      const after = queries.query<{ ok: boolean }>('SELECT true AS ok');
      await expect(failed).rejects.toThrow(/division by zero/);
      expect((await after).rows[0].ok).toBe(true);
      await queries.settled();
      expect(maxInFlight()).toBe(1);
    } finally {
      await raw.end();
    }
  });
});
