import { describe, expect, it } from 'vitest';
import { pendingSchemaSql } from '../../../scripts/db/schema-diff';

describe('prisma/schema.prisma and the committed migrations', () => {
  // A schema edit without `npm run db:migration -- <name>` would pass every other test (they
  // migrate from the SQL), then break the Prisma client on a real database.
  it('agree: Prisma\'s schema engine finds nothing left to migrate', async () => {
    expect(await pendingSchemaSql()).toBe('');
  }, 60_000);
});
