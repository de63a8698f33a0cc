import { mkdirSync } from 'node:fs';
import path from 'node:path';

export const DEFAULT_DATABASE_URL = 'file:./data/app.db';

/** The SQLite file behind DATABASE_URL (relative paths resolve from the working directory). */
export function databaseFilePath(url: string = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL): string {
  if (!url.startsWith('file:')) {
    throw new Error(`DATABASE_URL must be a SQLite "file:" URL, got "${url}"`);
  }
  const raw = url.slice('file:'.length).split('?')[0];
  if (raw === ':memory:') return raw;
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), raw);
}

/** Creates the folder that holds the database file, so a fresh clone needs no set-up. */
export function ensureDatabaseDirectory(filePath: string): void {
  if (filePath === ':memory:') return;
  mkdirSync(/*turbopackIgnore: true*/ path.dirname(filePath), { recursive: true });
}
