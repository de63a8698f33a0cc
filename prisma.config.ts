import { defineConfig } from 'prisma/config';

// The CLI only reads the schema here (generate). Migrations are committed SQL
// applied by lib/db/migrations.ts; see README "Database".
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'file:./data/app.db' },
});
