import { mkdirSync } from 'node:fs';
import path from 'node:path';

export const DEFAULT_DATABASE_URL = 'file:./data/app.db';

/** The two engines DATABASE_URL can name: the embedded default, and a server for many instances. */
export type DatabaseEngine = 'sqlite' | 'postgresql';

export type DatabaseTarget =
  | { engine: 'sqlite'; filePath: string /** For logs and /api/health: the file. */; display: string }
  | {
      engine: 'postgresql';
      url: string /** For logs and /api/health: the URL with its password masked. */;
      display: string;
    };

/**
 * DATABASE_URL is not something this app can use. Its message names the URL only masked, so it can
 * be logged and shown as it is.
 */
export class DatabaseConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseConfigError';
  }
}

const POSTGRES_SCHEMES = new Set(['postgresql:', 'postgres:']);

/**
 * The URL as it may be shown: a password (and any `password=` query parameter) replaced by `***`.
 * Something that does not even parse as a URL is shown by its scheme alone, since where its
 * secret starts cannot be known.
 */
export function maskDatabaseUrl(url: string): string {
  if (url.startsWith('file:')) return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0];
    return scheme ? `${scheme}//***` : '***';
  }
  if (parsed.password) parsed.password = '***';
  for (const key of [...parsed.searchParams.keys()]) {
    if (/pass|secret|token|key/i.test(key)) parsed.searchParams.set(key, '***');
  }
  return parsed.toString().replaceAll('%2A%2A%2A', '***');
}

/** The secrets a URL carries (its password, raw and decoded, and secret-looking parameters). */
function secretsOf(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url.startsWith('file:') ? [] : [url];
  }
  const secrets = new Set<string>();
  if (parsed.password) {
    secrets.add(parsed.password);
    secrets.add(decodeURIComponent(parsed.password));
  }
  for (const [key, value] of parsed.searchParams) if (/pass|secret|token|key/i.test(key) && value) secrets.add(value);
  return [...secrets].filter((s) => s.length > 0);
}

/**
 * A message (a driver's error, say) with every trace of the URL's credentials removed: the whole URL
 * becomes its masked form and the password itself, wherever it appears, `***`.
 */
export function redactDatabaseUrl(
  text: string,
  url: string = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
): string {
  let out = text.replaceAll(url, maskDatabaseUrl(url));
  for (const secret of secretsOf(url)) out = out.replaceAll(secret, '***');
  return out;
}

/** What DATABASE_URL names; a URL neither engine can use throws DatabaseConfigError (masked). */
export function parseDatabaseUrl(url: string = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL): DatabaseTarget {
  if (url.startsWith('file:')) {
    const filePath = sqliteFilePath(url);
    return { engine: 'sqlite', filePath, display: filePath };
  }
  const display = maskDatabaseUrl(url);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DatabaseConfigError(
      `DATABASE_URL ${display} is not a URL: use file:<path> (SQLite) or postgresql://user:password@host:port/database`,
    );
  }
  if (!POSTGRES_SCHEMES.has(parsed.protocol)) {
    throw new DatabaseConfigError(
      `DATABASE_URL ${display}: the ${parsed.protocol.slice(0, -1)} engine is not supported; use file:<path> (SQLite) or postgresql://user:password@host:port/database`,
    );
  }
  if (!parsed.hostname && !parsed.searchParams.get('host')) {
    throw new DatabaseConfigError(`DATABASE_URL ${display} names no host`);
  }
  if (parsed.pathname.length <= 1) {
    throw new DatabaseConfigError(
      `DATABASE_URL ${display} names no database (postgresql://user:password@host:port/<database>)`,
    );
  }
  return { engine: 'postgresql', url, display };
}

/** The SQLite file behind a "file:" URL (relative paths resolve from the working directory). */
export function databaseFilePath(url: string = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL): string {
  const target = parseDatabaseUrl(url);
  if (target.engine !== 'sqlite')
    throw new DatabaseConfigError(`DATABASE_URL ${target.display} is not a SQLite "file:" URL`);
  return target.filePath;
}

function sqliteFilePath(url: string): string {
  const raw = url.slice('file:'.length).split('?')[0];
  if (raw === ':memory:') return raw;
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), raw);
}

/** Creates the folder that holds the database file, so a fresh clone needs no set-up. */
export function ensureDatabaseDirectory(filePath: string): void {
  if (filePath === ':memory:') return;
  mkdirSync(/*turbopackIgnore: true*/ path.dirname(filePath), { recursive: true });
}
