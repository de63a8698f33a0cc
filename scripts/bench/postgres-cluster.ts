import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { parseTracePayload, TRACE_CHANNEL } from '@/lib/trace/postgres-bus';
import { APP_DIR, startAppServer, type AppServer, type ThrowawayDatabase } from '@/tests/support/system/app-server';
import { inPool } from '@/tests/support/system/pool';
import { placeOrder, type PlacedRun } from '@/tests/support/system/runs';
import { percentile, type BenchRow } from './support/bench-table';
import { readSse } from './support/sse-reader';

/**
 * The cluster half of `npm run bench -- postgres`: up to three BUILT app instances (server.mjs, as the
 * system tests start them) on 127.0.0.1 against one database of the throw-away server.
 *
 * - commit → SSE across instances: paced orders placed on A, each followed over SSE from B. "Commit" is
 *   when A's post-commit NOTIFY (the live bus's own, naming the seq range just committed) reaches a
 *   LISTEN connection of the bench's own: A publishes right after COMMIT, so this is the commit plus
 *   one turn of A's event loop and a loopback hop; B's read of the rows and the SSE write come after it
 *   and are what the figure holds. Only events committed after B's stream opened count (the back-fill
 *   of a stream is not live latency). Receipt and NOTIFY times come from one process and one clock.
 * - checkouts/s with 1, 2 and 3 instances: the same number of instant orders placed round-robin over
 *   the instances running (the others are not started yet), timed from the first POST to the last
 *   run's end as the database records it.
 */

const CHECKOUT_ORDERS = Number(process.env.BENCH_PG_CLUSTER_ORDERS ?? 45);
const SSE_ORDERS = Number(process.env.BENCH_PG_SSE_ORDERS ?? 4);
const POSTS_IN_FLIGHT = 8;
const RUN_TIMEOUT_MS = 180_000;
const CUSTOMERS = ['cus_ada', 'cus_grace', 'cus_alan'];

const load1 = () => os.loadavg()[0].toFixed(2);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Why the cluster figures cannot be taken here, or null. */
export function clusterUnavailable(): string | null {
  return existsSync(path.join(APP_DIR, '.next', 'BUILD_ID'))
    ? null
    : 'not measured: no build (run `npx next build` first)';
}

export async function measureCluster(url: string): Promise<BenchRow[]> {
  const database: ThrowawayDatabase = { url, file: '', dispose: () => undefined };
  const apps: AppServer[] = [];
  const client = new pg.Client({ connectionString: url });
  try {
    // One after the other: the first migrates and seeds, the others find it done.
    apps.push(await startAppServer({ database }));
    await client.connect();
    // Plenty of stock: the figure is about checkouts, not about the demo store selling out.
    await client.query('UPDATE "Product" SET stock = 1000000');
    const sku = (await client.query<{ sku: string }>('SELECT sku FROM "Product" ORDER BY sku LIMIT 1')).rows[0]?.sku;
    if (!sku) throw new Error('bench: the seeded store has no product');

    const throughput: { instances: number; perSecond: number; load: string }[] = [];
    throughput.push(await checkouts(client, apps, sku));
    apps.push(await startAppServer({ database }));
    throughput.push(await checkouts(client, apps, sku));
    const sse = await crossInstanceLatency(url, apps[0], apps[1], sku);
    apps.push(await startAppServer({ database }));
    throughput.push(await checkouts(client, apps, sku));

    const one = throughput[0].perSecond;
    return [
      {
        name: 'commit → SSE p50 across instances (A records, B streams)',
        figure: sse.p50,
        unit: 'ms',
        notes: `${sse.count} live events of ${SSE_ORDERS} real-time orders, load ${sse.load}`,
      },
      {
        name: 'commit → SSE p95 across instances (A records, B streams)',
        figure: sse.p95,
        unit: 'ms',
        target: '≤ 50 ms (as the one-process stream)',
        better: 'lower',
        headline: true,
        notes: `max ${sse.max.toFixed(1)} ms, load ${sse.load}`,
      },
      ...throughput.map(
        (t): BenchRow => ({
          name: `checkouts/s, ${t.instances} instance${t.instances > 1 ? 's' : ''} on one database`,
          figure: Number(t.perSecond.toFixed(2)),
          unit: 'orders/s',
          better: 'higher',
          headline: true,
          notes: `${(t.perSecond / one).toFixed(2)}× one instance; ${CHECKOUT_ORDERS} instant orders round-robin, load ${t.load}`,
        }),
      ),
    ];
  } finally {
    await client.end().catch(() => undefined);
    await Promise.all(apps.map((app) => app.stop()));
  }
}

/** CHECKOUT_ORDERS instant orders round-robin over `apps`; orders per second from the first POST to the last run's end. */
async function checkouts(client: pg.Client, apps: AppServer[], sku: string) {
  const started = performance.now();
  const placed = await inPool(
    Array.from({ length: CHECKOUT_ORDERS }, (_, i) => i),
    POSTS_IN_FLIGHT,
    (i) =>
      placeOrder(apps[i % apps.length].url, {
        customerId: CUSTOMERS[i % CUSTOMERS.length],
        items: [{ sku, quantity: 1 }],
      }),
  );
  const runIds = placed.flat().map((run) => run.runId);
  await untilEnded(client, runIds);
  const seconds = (performance.now() - started) / 1000;
  return { instances: apps.length, perSecond: CHECKOUT_ORDERS / seconds, load: load1() };
}

async function untilEnded(client: pg.Client, runIds: string[]): Promise<void> {
  const deadline = Date.now() + RUN_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const { rows } = await client.query<{ running: string }>(
      `SELECT count(*) AS running FROM "Run" WHERE id = ANY($1) AND status = 'running'`,
      [runIds],
    );
    if (Number(rows[0].running) === 0) return;
    await sleep(50);
  }
  throw new Error(`bench: runs still running after ${RUN_TIMEOUT_MS} ms`);
}

async function crossInstanceLatency(url: string, a: AppServer, b: AppServer, sku: string) {
  // When each (run, seq) was committed on A: the first NOTIFY naming it.
  const committedAt = new Map<string, number>();
  const listener = new pg.Client({ connectionString: url });
  await listener.connect();
  listener.on('notification', (message) => {
    const now = performance.now();
    const parsed = message.channel === TRACE_CHANNEL && message.payload ? parseTracePayload(message.payload) : null;
    for (const [runId, { from, to }] of parsed?.ranges ?? []) {
      for (let seq = from; seq <= to; seq++)
        if (!committedAt.has(`${runId}:${seq}`)) committedAt.set(`${runId}:${seq}`, now);
    }
  });
  await listener.query(`LISTEN ${TRACE_CHANNEL}`);
  const latencies: number[] = [];
  try {
    const placed: PlacedRun[] = [];
    for (let i = 0; i < SSE_ORDERS; i++) {
      placed.push(
        ...(await placeOrder(a.url, {
          customerId: CUSTOMERS[i % CUSTOMERS.length],
          items: [{ sku, quantity: 1 }],
          pace: 'real_time',
        })),
      );
    }
    await Promise.all(
      placed.map(async ({ runId }) => {
        const response = await fetch(`${b.url}/api/runs/${runId}/events`, {
          headers: { accept: 'text/event-stream' },
          signal: AbortSignal.timeout(RUN_TIMEOUT_MS),
        });
        if (response.status !== 200 || !response.body)
          throw new Error(`bench: the stream on B answered ${response.status}`);
        const opened = performance.now();
        for await (const frame of readSse(response.body)) {
          if (frame.event === 'end') break;
          if (frame.event !== 'trace') continue;
          const received = performance.now();
          const committed = committedAt.get(`${runId}:${frame.id}`);
          if (committed !== undefined && committed > opened) latencies.push(received - committed);
        }
      }),
    );
  } finally {
    await listener.end().catch(() => undefined);
  }
  if (latencies.length === 0) throw new Error('bench: B streamed no event committed after its stream opened');
  const sorted = latencies.sort((x, y) => x - y);
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted.at(-1)!,
    count: sorted.length,
    load: load1(),
  };
}
