import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A throw-away PostgreSQL server for tests: Debian's binaries (installed by
 * scripts/ensure-postgres.sh when missing), initdb and pg_ctl as an unprivileged user in a temp
 * folder, on 127.0.0.1 (scripts/postgres-server.sh). stop() ends it and removes the folder; a run
 * that dies first leaves a folder marked with ACO_TEST_RUN, which scripts/stop-test-servers.sh
 * stops.
 */

const SCRIPT = path.resolve(/*turbopackIgnore: true*/ process.cwd(), 'scripts/postgres-server.sh');

export interface PostgresServer {
  /** postgresql://aco:<password>@127.0.0.1:<port>/postgres (a superuser, the maintenance database). */
  url: string;
  stop(): void;
}

/** A free port on 127.0.0.1 (POSTGRES_TEST_PORT when set: machines that hand out port ranges). */
async function freePort(): Promise<number> {
  const fixed = Number(process.env.POSTGRES_TEST_PORT ?? '');
  if (Number.isInteger(fixed) && fixed > 0) return fixed;
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export async function startPostgresServer(): Promise<PostgresServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aco-pg-test-'));
  // Whose run this is: stop-test-servers.sh stops the servers its run left, and no other.
  if (process.env.ACO_TEST_RUN) writeFileSync(path.join(dir, 'aco-test-run'), process.env.ACO_TEST_RUN);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    execFileSync('bash', [SCRIPT, 'stop', dir], { stdio: 'inherit' });
  };
  try {
    const url = execFileSync('bash', [SCRIPT, 'start', dir, String(await freePort())], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: 180_000,
    }).trim();
    return { url, stop };
  } catch (error) {
    stop();
    throw error;
  }
}

/** The same server's URL for another database on it. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
