/**
 * Applies pending migrations (and the demo seed, on an empty database) to DATABASE_URL, as the app
 * does at start-up:  npm run db:migrate
 */
import { openDatabase } from '../../lib/db/client';

const { db, location, appliedMigrations, seeded } = await openDatabase();
console.log(
  `${location}: applied ${appliedMigrations.length} migration(s)${appliedMigrations.length ? ` (${appliedMigrations.join(', ')})` : ''}${seeded ? '; seeded the demo store' : ''}`,
);
await db.$disconnect();
