import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * A bad AI_*, RUN_* or OTEL_EXPORTER_OTLP_* variable stops start-up with one line naming it and exit code 1:
 * the server must not come up half-configured (it used to log the error and then hang).
 */
const dir = mkdtempSync(path.join(tmpdir(), 'aco-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function startUp(env: Record<string, string>) {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '-e', 'await import("./lib/startup.ts").then((m) => m.runStartupTasks())'],
    {
      cwd: process.cwd(),
      env: { ...process.env, DATABASE_URL: `file:${path.join(dir, 'app.db')}`, NODE_OPTIONS: '', ...env },
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  return { status: result.status, errors: result.stderr.split('\n').filter((line) => line.trim() !== '') };
}

describe('start-up with a bad variable', () => {
  it.each([
    [{ AI_TEMPERATURE: 'hot' }, 'AI_TEMPERATURE'],
    [{ AI_MAX_RETRIES: '-1' }, 'AI_MAX_RETRIES'],
    [
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' },
      'OTEL_EXPORTER_OTLP_PROTOCOL',
    ],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' }, 'OTEL_EXPORTER_OTLP_ENDPOINT'],
    [{ RUN_CONCURRENCY: '0' }, 'RUN_CONCURRENCY'],
    [{ RUN_CONCURRENCY: 'many' }, 'RUN_CONCURRENCY'],
    [{ RUN_RECOVERY: 'restart' }, 'RUN_RECOVERY'],
  ])('%j stops it with one line naming %s', (env, variable) => {
    const { status, errors } = startUp(env);
    expect(status, errors.join('\n')).toBe(1);
    expect(errors, errors.join('\n')).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`^\\[startup\\] .*${variable}`));
  });
});
