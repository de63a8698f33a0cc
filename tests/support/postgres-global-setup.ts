import pg from 'pg';
import { openDatabase } from '@/lib/db/client';
import { databaseUrl, startPostgresServer } from './postgres-server';
import { POSTGRES_TEMPLATES } from './postgres-templates';

/**
 * vitest.postgres.config.ts: one PostgreSQL server for the whole run (started here, stopped at the
 * end whatever happens), with the two template databases every test database is copied from
 * (migrated; migrated and seeded). Test files find it through TEST_POSTGRES_URL.
 */
export default async function setup(): Promise<() => void> {
  const server = await startPostgresServer();
  const onExit = () => server.stop();
  process.once('exit', onExit);
  try {
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    try {
      for (const [seeded, name] of [
        [false, POSTGRES_TEMPLATES.empty],
        [true, POSTGRES_TEMPLATES.seeded],
      ] as const) {
        await admin.query(`CREATE DATABASE "${name}"`);
        const { db } = await openDatabase({ url: databaseUrl(server.url, name), seed: seeded });
        await db.$disconnect();
      }
    } finally {
      await admin.end();
    }
  } catch (error) {
    server.stop();
    throw error;
  }
  process.env.TEST_DATABASE_ENGINE = 'postgresql';
  process.env.TEST_POSTGRES_URL = server.url;
  return () => {
    process.off('exit', onExit);
    server.stop();
  };
}
