/**
 * prisma/schema.prisma is the one data model. The PostgreSQL client is generated from a copy of it
 * with two lines changed (the provider, and where the client goes), written here:
 *
 *   npm run db:schema:postgres     (db:generate runs it first)
 *
 * The copy is committed (Prisma's tools and editors read it) and tests/unit/db/schema-drift.test.ts
 * fails when it is not exactly what this script makes of schema.prisma.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SQLITE_SCHEMA_PATH = path.join(ROOT, 'prisma/schema.prisma');
export const POSTGRES_SCHEMA_PATH = path.join(ROOT, 'prisma/postgresql/schema.prisma');

const HEADER = `// GENERATED from prisma/schema.prisma by scripts/db/postgres-schema.ts: do not edit; change
// prisma/schema.prisma and run \`npm run db:schema:postgres\`. The PostgreSQL client (lib/db/generated-pg).

`;

function replaceOnce(text: string, pattern: RegExp, replacement: string, what: string): string {
  const matches = text.match(new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`));
  if (matches?.length !== 1)
    throw new Error(`prisma/schema.prisma: expected exactly one ${what}, found ${matches?.length ?? 0}`);
  return text.replace(pattern, replacement);
}

/**
 * A raw partial-index predicate `"col" IN ('a', 'b')` as PostgreSQL gives it back when the schema
 * engine reads the database (`col = ANY (ARRAY['a'::text, 'b'::text])`): written the SQLite way, it
 * would read as changed on every diff. The same index either way.
 */
function postgresPredicates(schema: string): string {
  return schema.replace(/raw\("\\"(\w+)\\" IN \(((?:'[^']*'(?:, )?)+)\)"\)/g, (_, column: string, list: string) => {
    const values = list.split(', ').map((value) => `${value}::text`);
    return `raw("${column} = ANY (ARRAY[${values.join(', ')}])")`;
  });
}

/** The PostgreSQL schema for a SQLite one: same models, indexes and generator settings. */
export function postgresSchemaFrom(sqliteSchema: string): string {
  let schema = postgresPredicates(sqliteSchema);
  schema = replaceOnce(
    schema,
    /(datasource db \{\s*provider\s*=\s*)"sqlite"/,
    '$1"postgresql"',
    'datasource with provider "sqlite"',
  );
  schema = replaceOnce(
    schema,
    /(output\s*=\s*)"\.\.\/lib\/db\/generated"/,
    '$1"../../lib/db/generated-pg"',
    'generator output "../lib/db/generated"',
  );
  return HEADER + schema;
}

function main(): void {
  const schema = postgresSchemaFrom(readFileSync(SQLITE_SCHEMA_PATH, 'utf8'));
  mkdirSync(path.dirname(POSTGRES_SCHEMA_PATH), { recursive: true });
  writeFileSync(POSTGRES_SCHEMA_PATH, schema);
  console.log(`wrote ${path.relative(process.cwd(), POSTGRES_SCHEMA_PATH)}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
