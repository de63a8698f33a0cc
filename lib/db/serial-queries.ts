import type pg from 'pg';

/**
 * A pg client's queries, one at a time in call order. pg 8 queues a query asked for while another
 * runs, but deprecates it (pg 9 drops it): the LISTEN/NOTIFY bridges notify from event callbacks that
 * fire in bursts, and test readers are called from several listeners at once.
 */
export interface SerialQueries {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
  /** Resolves once every query asked for so far has settled (whether it failed or not). */
  settled(): Promise<void>;
}

export function serialQueries(client: pg.Client): SerialQueries {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]) {
      const next = tail.then(() => client.query<R>(text, values));
      tail = next.catch(() => undefined);
      return next;
    },
    async settled() {
      await tail;
    },
  };
}
