import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll } from 'vitest';

/**
 * The BUILT app (`node server.mjs`, after `next build`) as a child process on 127.0.0.1 and a free
 * port, on a throw-away database: what the system tests talk to over real sockets. ACO_APP_DIR
 * points at another built checkout (default: this one).
 */

export const APP_DIR = path.resolve(process.env.ACO_APP_DIR ?? fileURLToPath(new URL('../../..', import.meta.url)));
const READY_TIMEOUT_MS = 60_000;
/** Preloaded into every server: it shuts down when this process's end closes its standard input. */
const LIFELINE = pathToFileURL(fileURLToPath(new URL('./lifeline.mjs', import.meta.url))).href;

/**
 * Servers started by this process and not yet exited. A test that times out or is interrupted may
 * never reach the afterAll that stops its server: they are killed when this process exits, and the
 * lifeline ends them if this process dies without running its exit hooks (SIGKILL).
 */
const liveServers = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of liveServers) child.kill('SIGKILL');
});

export interface ThrowawayDatabase {
  url: string;
  file: string;
  dispose(): void;
}

export function throwawayDatabase(): ThrowawayDatabase {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aco-system-'));
  const file = path.join(dir, 'app.db');
  return { url: `file:${file}`, file, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface AppServer {
  url: string;
  port: number;
  pid: number;
  /** What the server printed so far (stdout and stderr), for failure messages. */
  output(): string;
  /** SIGTERM, then SIGKILL if it lingers. */
  stop(): Promise<void>;
  /** SIGKILL at once: a crash. */
  kill(): Promise<void>;
}

export interface StartOptions {
  database: ThrowawayDatabase;
  env?: Record<string, string>;
  /** 'health' (default): resolve once /api/health answers; 'spawned': at once (to catch the start-up itself, e.g. recovery). */
  until?: 'health' | 'spawned';
}

export async function startAppServer(options: StartOptions): Promise<AppServer> {
  if (!existsSync(path.join(APP_DIR, '.next', 'BUILD_ID'))) {
    throw new Error(`No build in ${APP_DIR}/.next: run \`npx next build\` before the system tests.`);
  }
  const port = await freePort();
  const { ADMIN_TOKEN: _inherited, ...parentEnv } = process.env;
  const child = spawn(process.execPath, ['--import', LIFELINE, 'server.mjs', '-H', '127.0.0.1', '-p', String(port)], {
    cwd: APP_DIR,
    env: { ...parentEnv, NODE_ENV: 'production', DATABASE_URL: options.database.url, ...options.env },
    // stdin: the lifeline (never written; its end tells the server that this process is gone).
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  liveServers.add(child);
  child.once('exit', () => liveServers.delete(child));
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    if (options.until !== 'spawned') await waitForHealth(url, exited);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n--- server output ---\n${output}`);
  }
  return {
    url,
    port,
    pid: child.pid ?? -1,
    output: () => output,
    stop: () => terminate(child, exited, 'SIGTERM'),
    kill: () => terminate(child, exited, 'SIGKILL'),
  };
}

async function waitForHealth(url: string, exited: Promise<number | null>): Promise<void> {
  let gone: number | null | undefined;
  void exited.then((code) => (gone = code));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (gone !== undefined) throw new Error(`server.mjs exited (code ${gone}) before it was healthy`);
    try {
      const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`server.mjs was not healthy within ${READY_TIMEOUT_MS} ms`);
}

async function terminate(child: ChildProcess, exited: Promise<number | null>, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * A port nobody listens on right now: the OS picks it, or, with SYSTEM_TEST_PORTS=<first>-<last>
 * (a machine shared by several people, each with ports of their own), the first free one in that range.
 */
async function freePort(): Promise<number> {
  const range = /^(\d+)-(\d+)$/.exec(process.env.SYSTEM_TEST_PORTS ?? '');
  if (!range) return listenOnce(0);
  for (let port = Number(range[1]); port <= Number(range[2]); port++) {
    try {
      return await listenOnce(port);
    } catch {
      // Taken: the next one.
    }
  }
  throw new Error(`no free port in SYSTEM_TEST_PORTS=${process.env.SYSTEM_TEST_PORTS}`);
}

function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(port, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** A server of its own for the enclosing describe (or file): started before its tests, stopped after. */
export function serverForSuite(env?: Record<string, string>): {
  readonly app: AppServer;
  readonly database: ThrowawayDatabase;
} {
  let app: AppServer | undefined;
  let database: ThrowawayDatabase | undefined;
  beforeAll(async () => {
    database = throwawayDatabase();
    app = await startAppServer({ database, env });
  });
  afterAll(async () => {
    await app?.stop();
    database?.dispose();
  });
  return {
    get app() {
      if (!app) throw new Error('the server is not started yet');
      return app;
    },
    get database() {
      if (!database) throw new Error('the database is not made yet');
      return database;
    },
  };
}
