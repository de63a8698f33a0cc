import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUrl, startPostgresServer, type PostgresServer } from '../support/postgres-server';
import { startAppServer, type AppServer, type ThrowawayDatabase } from '../support/system/app-server';
import { followRun, streamProblem } from '../support/system/follow-run';
import { call, postJson } from '../support/system/http';

/**
 * Three instances of the built app on one PostgreSQL database (a throw-away server), two run slots
 * each (RUN_CONCURRENCY=2): a chaos batch placed on A is worked by all three through the durable
 * queue; orders placed on A are followed over SSE from B and C; A is killed (-9) mid-run, and B and
 * C resume its runs from their logs. No follower loses or repeats an event; every run ends once,
 * normally; no order is left pending or holding stock, none paid twice.
 */

let server: PostgresServer;
let database: ThrowawayDatabase;
const apps: AppServer[] = [];

beforeAll(async () => {
  server = await startPostgresServer();
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  // The name stop-test-servers.sh knows an app server of this suite by.
  await admin.query('CREATE DATABASE aco_system_cluster');
  await admin.end();
  database = { url: databaseUrl(server.url, 'aco_system_cluster'), file: '', dispose: () => undefined };
  // One after the other: the first migrates and seeds, the others find it done.
  for (let i = 0; i < 3; i++) apps.push(await startAppServer({ database, env: { RUN_CONCURRENCY: '2' } }));
}, 240_000);

afterAll(async () => {
  await Promise.all(apps.map((app) => app.stop()));
  server?.stop();
});

interface RunReply {
  runs: { runId: string; orderId: string }[];
}

interface RunsHealth {
  runs: { queue: string; concurrency: number; executing: number; started: number; resumed: number };
}

async function runsOf(app: AppServer): Promise<RunsHealth['runs']> {
  return ((await call(`${app.url}/api/health`)).body as RunsHealth).runs;
}

describe('three instances on one PostgreSQL database', () => {
  it('a chaos batch placed on A is worked by all three, two runs at a time each', async () => {
    const [a] = apps;
    const before = await Promise.all(apps.map(runsOf));
    for (const runs of before) expect(runs).toMatchObject({ queue: 'pg-boss', concurrency: 2 });
    const batch = await postJson(`${a.url}/api/chaos/batches`, { orders: 12, seed: 4, mode: 'agents' });
    expect(batch.status, JSON.stringify(batch.body)).toBe(201);
    const { runs } = batch.body as { runs: { runId: string }[] };
    await until(async () => {
      const rows = await query<{ running: string }>(
        `SELECT count(*) AS running FROM "Run" WHERE status = 'running' AND id IN (${runs.map((r) => `'${r.runId}'`).join(', ')})`,
      );
      return Number(rows[0].running) === 0;
    }, 180_000);
    const after = await Promise.all(apps.map(runsOf));
    const worked = after.map((runs, i) => runs.started - before[i].started);
    console.log(`[cluster] a 12-order chaos batch placed on A: runs begun on A, B, C: ${worked.join(', ')}`);
    expect(worked.reduce((a, b) => a + b, 0)).toBe(12);
    for (const n of worked) expect(n).toBeGreaterThan(0);
  }, 240_000);

  it("follow A's runs from B and C gap-free, and resume them once when A is killed mid-run", async () => {
    const [a, b, c] = apps;
    const sku = await firstSku();
    const placed: RunReply['runs'] = [];
    for (const customerId of ['cus_ada', 'cus_grace', 'cus_linus']) {
      // Slow motion: the runs are still going when A dies.
      const reply = await postJson(`${a.url}/api/orders`, {
        customerId,
        items: [{ sku, quantity: 1 }],
        pace: 'slow_motion',
      });
      expect(reply.status, JSON.stringify(reply.body)).toBe(201);
      placed.push(...(reply.body as RunReply).runs);
    }
    const followers = placed.flatMap((run) => [
      followRun(b.url, run.runId, 120_000),
      followRun(c.url, run.runId, 120_000),
    ]);
    // Every run has a few steps recorded (seen from B: the live trace crosses instances), A works two of them …
    await until(
      async () => (await Promise.all(placed.map((run) => eventCount(b.url, run.runId)))).every((n) => n >= 3),
      60_000,
    );
    const onA = (await runsOf(a)).executing;
    expect(onA).toBeGreaterThan(0);
    // … and dies. The runs B and C work are sped up, so the test need not wait out slow motion.
    await a.kill();
    for (const run of placed)
      for (const app of [b, c]) await postJson(`${app.url}/api/runs/${run.runId}/pace`, { pace: 'instant' });
    const streams = await Promise.all(followers);
    for (const stream of streams) {
      expect(stream.error, stream.runId).toBeUndefined();
      expect(streamProblem(stream), stream.runId).toBeNull();
      expect(['succeeded', 'failed'], stream.runId).toContain(stream.end?.status);
    }
    const ids = placed.map((run) => `'${run.runId}'`).join(', ');
    const rows = await query<{
      id: string;
      ends: string;
      resumes: string;
      order: string;
      held: string;
      captures: string;
    }>(
      `SELECT r.id,
              (SELECT count(*) FROM "TraceEvent" e WHERE e."runId" = r.id AND e.type IN ('run.finished', 'run.interrupted')) AS ends,
              (SELECT count(*) FROM "TraceEvent" e WHERE e."runId" = r.id AND e.type = 'run.resumed') AS resumes,
              o.status AS order,
              (SELECT count(*) FROM "Reservation" v WHERE v."orderId" = o.id AND v.status = 'held') AS held,
              (SELECT count(*) FROM "Payment" p WHERE p."orderId" = o.id AND p.kind = 'capture' AND p.status = 'succeeded') AS captures
       FROM "Run" r JOIN "Order" o ON o.id = r."orderId" WHERE r.id IN (${ids})`,
    );
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(Number(row.ends), row.id).toBe(1);
      expect(Number(row.resumes), row.id).toBeLessThanOrEqual(1);
      expect(row.order, row.id).not.toBe('pending');
      expect(Number(row.captures), row.id).toBeLessThanOrEqual(1);
      if (row.order !== 'placed') expect(Number(row.held), row.id).toBe(0);
    }
    const resumed = rows.filter((r) => Number(r.resumes) === 1).length;
    const [onB, onC] = await Promise.all([runsOf(b), runsOf(c)]);
    expect(resumed).toBe(onA);
    expect(onB.resumed + onC.resumed).toBe(onA);
    console.log(
      `[cluster] A killed with ${onA} of ${placed.length} runs executing on it: ${resumed} resumed from their logs (B ${onB.resumed}, C ${onC.resumed}), ` +
        `0 settled; ${streams.length} SSE followers on B and C, no gap, no repeat`,
    );
  }, 200_000);
});

async function query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function firstSku(): Promise<string> {
  const [row] = await query<{ sku: string }>(
    'SELECT sku FROM "Product" WHERE stock - reserved > 5 ORDER BY sku LIMIT 1',
  );
  return row.sku;
}

async function eventCount(url: string, runId: string): Promise<number> {
  const reply = await call(`${url}/api/runs/${runId}/events.json`);
  return Array.isArray(reply.body) ? reply.body.length : ((reply.body as { events?: unknown[] }).events?.length ?? 0);
}

async function until(done: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
