import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The tests that hold for both engines, run again on PostgreSQL: the recorder, history and the
 * trace API. The global setup starts a throw-away server (Debian's binaries, installed when missing,
 * initdb/pg_ctl as an unprivileged user in a temp folder on 127.0.0.1) and stops it at the end;
 * each test database is a copy of a migrated template (tests/support/test-db.ts). Tests of one
 * engine's own SQL (FTS5, query plans) stay in the default run only.
 */
export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('./', import.meta.url)) } },
  test: {
    include: [
      'tests/unit/trace/recorder.test.ts',
      'tests/unit/trace/runs.test.ts',
      'tests/unit/history/history-query.test.ts',
      'tests/unit/history/live-summary.test.ts',
      'tests/unit/history/search-matches.test.ts',
      'tests/postgres/**/*.test.ts',
      'tests/api/history*.test.ts',
      'tests/api/runs-*.test.ts',
      'tests/api/export.test.ts',
      'tests/api/compare.test.ts',
    ],
    globalSetup: ['tests/support/postgres-global-setup.ts'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
