import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pendingSchemaSql } from '../../../scripts/db/schema-diff';
import { POSTGRES_SCHEMA_PATH, postgresSchemaFrom, SQLITE_SCHEMA_PATH } from '../../../scripts/db/postgres-schema';

describe('prisma/schema.prisma and the committed migrations', () => {
  // A schema edit without `npm run db:migration -- <name>` would pass every other test (they
  // migrate from the SQL), then break the Prisma client on a real database.
  it("agree: Prisma's schema engine finds nothing left to migrate", async () => {
    expect(await pendingSchemaSql()).toBe('');
  }, 60_000);
});

describe('prisma/postgresql/schema.prisma', () => {
  // The PostgreSQL client is generated from this copy: an edit of schema.prisma that is not carried
  // over would give the two engines different data models.
  it('is exactly what scripts/db/postgres-schema.ts makes of prisma/schema.prisma (npm run db:schema:postgres)', () => {
    expect(readFileSync(POSTGRES_SCHEMA_PATH, 'utf8')).toBe(
      postgresSchemaFrom(readFileSync(SQLITE_SCHEMA_PATH, 'utf8')),
    );
  });
});
