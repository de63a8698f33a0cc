import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { GET as health } from '@/app/api/health/route';
import { openDatabase } from '@/lib/db/client';
import { DatabaseConfigError, maskDatabaseUrl, parseDatabaseUrl, redactDatabaseUrl } from '@/lib/db/database-url';
import { databaseStartupFailure } from '@/lib/startup';

const SECRET = 's3cret-Pa55';
// Port 1 on loopback: nothing listens there, the connection is refused at once.
const UNREACHABLE = `postgresql://aco:${SECRET}@127.0.0.1:1/observatory`;

describe('DATABASE_URL', () => {
  it('names the engine: file: is SQLite, postgresql:// and postgres:// are PostgreSQL', () => {
    expect(parseDatabaseUrl('file:./data/app.db')).toMatchObject({ engine: 'sqlite' });
    expect(parseDatabaseUrl(UNREACHABLE)).toEqual({
      engine: 'postgresql',
      url: UNREACHABLE,
      display: 'postgresql://aco:***@127.0.0.1:1/observatory',
    });
    expect(parseDatabaseUrl('postgres://a@db.internal/x')).toMatchObject({
      engine: 'postgresql',
      display: 'postgres://a@db.internal/x',
    });
  });

  it('refuses what neither engine can use, the password masked in the message', () => {
    for (const url of [
      `mysql://root:${SECRET}@db/x`,
      `postgresql://aco:${SECRET}@127.0.0.1:5432`,
      `postgresql://aco:${SECRET}@/x`,
      `not a url ${SECRET}`,
    ]) {
      let error: unknown;
      try {
        parseDatabaseUrl(url);
      } catch (caught) {
        error = caught;
      }
      expect(error, url).toBeInstanceOf(DatabaseConfigError);
      expect((error as Error).message).toMatch(/^DATABASE_URL /);
      expect((error as Error).message).not.toContain(SECRET);
    }
  });

  it('masks passwords and secret parameters, and redacts them from any text', () => {
    expect(maskDatabaseUrl(`postgresql://u:${SECRET}@h:5432/d?sslmode=require&sslpassword=${SECRET}`)).toBe(
      'postgresql://u:***@h:5432/d?sslmode=require&sslpassword=***',
    );
    const encoded = `postgresql://u:p%40ss%2Fword@h/d`;
    expect(redactDatabaseUrl(`failed for ${encoded} with p@ss/word and p%40ss%2Fword`, encoded)).toBe(
      'failed for postgresql://u:***@h/d with *** and ***',
    );
  });
});

describe('a database the app cannot use', () => {
  it('is said in one line, the password masked, when the server refuses the connection', async () => {
    const error = await openDatabase({ url: UNREACHABLE }).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(Error);
    const line = databaseStartupFailure(error, UNREACHABLE);
    expect(line).toMatch(
      /^\[startup\] cannot use DATABASE_URL postgresql:\/\/aco:\*\*\*@127\.0\.0\.1:1\/observatory: .*ECONNREFUSED/,
    );
    expect(line).not.toContain(SECRET);
    expect(line).not.toContain('\n');
  });

  it('stops start-up with that one line and exit code 1, nothing else logged with the secret', () => {
    for (const url of [UNREACHABLE, `mysql://root:${SECRET}@db/x`]) {
      const result = spawnSync(
        process.execPath,
        ['--import', 'tsx', '-e', 'await import("./lib/startup.ts").then((m) => m.runStartupTasks())'],
        {
          cwd: process.cwd(),
          env: { ...process.env, DATABASE_URL: url, NODE_OPTIONS: '' },
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
      const output = `${result.stdout}${result.stderr}`;
      expect(result.status, output).toBe(1);
      expect(output).not.toContain(SECRET);
      const lines = result.stderr.split('\n').filter((line) => line.trim() !== '');
      expect(lines, result.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^\[startup\] .*DATABASE_URL (postgresql:\/\/aco:\*\*\*@127\.0\.0\.1:1\/observatory|mysql:\/\/root:\*\*\*@db\/x)/,
      );
    }
  });

  it('/api/health answers its JSON shape with the database error, masked', async () => {
    const before = process.env.DATABASE_URL;
    process.env.DATABASE_URL = UNREACHABLE;
    try {
      const response = await health();
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toContain('application/json');
      const text = await response.text();
      expect(text).not.toContain(SECRET);
      const body = JSON.parse(text) as {
        status: string;
        database: { ok: boolean; location: string; error: string };
        model: unknown;
      };
      expect(body.status).toBe('error');
      expect(body.database).toMatchObject({ ok: false, location: 'postgresql://aco:***@127.0.0.1:1/observatory' });
      expect(body.database.error).toMatch(/ECONNREFUSED/);
      expect(body.model).toBeDefined();
    } finally {
      if (before === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = before;
    }
  });
});
