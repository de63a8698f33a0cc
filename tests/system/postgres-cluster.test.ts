import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUrl, startPostgresServer, type PostgresServer } from '../support/postgres-server';
import { startAppServer, type AppServer, type ThrowawayDatabase } from '../support/system/app-server';
import { followRun, streamProblem } from '../support/system/follow-run';
import { call, postJson } from '../support/system/http';

/**
 * Three instances of the built app on one PostgreSQL database (a throw-away server): orders placed on
 * A are followed over SSE from B and C; A is killed (-9) mid-run, and B and C take its runs over. No
 * follower loses or repeats an event; every run ends once; no order is left pending or holding stock.
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
  for (let i = 0; i < 3; i++) apps.push(await startAppServer({ database }));
}, 240_000);

afterAll(async () => {
  await Promise.all(apps.map((app) => app.stop()));
  server?.stop();
});

interface RunReply {
  runs: { runId: string; orderId: string }[];
}

describe('three instances on one PostgreSQL database', () => {
  it("follow A's runs from B and C gap-free, and settle them once when A is killed mid-run", async () => {
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
    // A has recorded a few steps of each run (seen from B: the live trace crosses instances) …
    await until(
      async () => (await Promise.all(placed.map((run) => eventCount(b.url, run.runId)))).every((n) => n >= 3),
      60_000,
    );
    // … and dies.
    await a.kill();
    const streams = await Promise.all(followers);
    for (const stream of streams) {
      expect(stream.error, stream.runId).toBeUndefined();
      expect(streamProblem(stream), stream.runId).toBeNull();
      expect(stream.end?.status, stream.runId).toBe('interrupted');
    }
    const rows = await query<{ id: string; status: string; ends: string; order: string; held: string }>(
      `SELECT r.id, r.status, (SELECT count(*) FROM "TraceEvent" e WHERE e."runId" = r.id AND e.type IN ('run.finished', 'run.interrupted')) AS ends,
              o.status AS order, (SELECT count(*) FROM "Reservation" v WHERE v."orderId" = o.id AND v.status = 'held') AS held
       FROM "Run" r JOIN "Order" o ON o.id = r."orderId"`,
    );
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(Number(row.ends), row.id).toBe(1);
      expect(row.order, row.id).not.toBe('pending');
      expect(Number(row.held), row.id).toBe(0);
    }
    const settledOnB = (b.output().match(/\[takeover\] (\d+) run/g) ?? []).length;
    const settledOnC = (c.output().match(/\[takeover\] (\d+) run/g) ?? []).length;
    console.log(
      `[cluster] A killed with ${placed.length} runs in flight: ${rows.filter((r) => r.status === 'interrupted').length} settled and interrupted by the others ` +
        `(takeover passes: B ${settledOnB}, C ${settledOnC}), 0 resumed (resuming is not built yet); ${streams.length} SSE followers on B and C, no gap, no repeat`,
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
