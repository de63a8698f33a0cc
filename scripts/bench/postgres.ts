import pg from 'pg';
import { openDatabase } from '@/lib/db/client';
import { systemClock } from '@/lib/runtime/clock';
import { InProcessTraceBus } from '@/lib/trace/bus';
import { parseNewTraceEvent, type TraceEvent } from '@/lib/trace/events';
import { TraceRecorder } from '@/lib/trace/recorder';
import { insertStatements } from '@/lib/trace/rows';
import { flushSearchIndex, searchIndexIdle } from '@/lib/trace/search-indexer';
import { databaseUrl, startPostgresServer } from '@/tests/support/postgres-server';
import type { BenchRow, BenchSection } from './support/bench-table';
import { syntheticEvents } from './support/synthetic-events';
import { clusterUnavailable, measureCluster } from './postgres-cluster';

/**
 * `npm run bench -- postgres`: the recorder on PostgreSQL (a throw-away local server, durability
 * off as in the tests) against raw node-postgres multi-row INSERTs of the same rows, 16 concurrent
 * runs; then, on the same server, built app instances on one database (./postgres-cluster.ts): commit →
 * SSE across instances and checkouts/s with 1, 2 and 3 instances. Every process and the server are
 * stopped at the end, whatever happens.
 */

const RUNS = 16;
const PER_RUN = Number(process.env.BENCH_PG_EVENTS_PER_RUN ?? 3_000);
const WINDOW = 256;
const RAW_BATCH = 4096;

const runIds = () => Array.from({ length: RUNS }, (_, i) => `pg_bench_${String(i).padStart(2, '0')}`);

async function freshDatabase(server: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  return databaseUrl(server, name);
}

async function measureRecorder(url: string): Promise<number> {
  const { db } = await openDatabase({ url, seed: false });
  try {
    const ids = runIds();
    await db.run.createMany({ data: ids.map((id) => ({ id, goal: 'bench', model: 'offline' })) });
    const events = syntheticEvents(PER_RUN);
    const recorder = new TraceRecorder({ db, bus: new InProcessTraceBus(), clock: systemClock });
    const started = performance.now();
    await Promise.all(
      ids.map(async (runId) => {
        for (let i = 0; i < events.length; i += WINDOW)
          await Promise.all(events.slice(i, i + WINDOW).map((e) => recorder.append(runId, e)));
      }),
    );
    await recorder.flush();
    await flushSearchIndex(db);
    const seconds = (performance.now() - started) / 1000;
    const stored = await db.traceEvent.count();
    if (stored !== RUNS * PER_RUN) throw new Error(`bench: ${stored} events stored, ${RUNS * PER_RUN} expected`);
    return stored / seconds;
  } finally {
    await searchIndexIdle(db);
    await db.$disconnect();
  }
}

async function measureRaw(url: string): Promise<number> {
  const { db } = await openDatabase({ url, seed: false });
  const ids = runIds();
  await db.run.createMany({ data: ids.map((id) => ({ id, goal: 'bench', model: 'offline' })) });
  await db.$disconnect();
  const now = Date.now();
  const rows = syntheticEvents(PER_RUN).flatMap((input, n) =>
    ids.map((runId) => {
      const event = { ...parseNewTraceEvent(input), runId, seq: n + 1, ts: now + n } as TraceEvent;
      return { event, payload: JSON.stringify(event.data) };
    }),
  );
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const started = performance.now();
    for (let i = 0; i < rows.length; i += RAW_BATCH) {
      await client.query('BEGIN');
      for (const sql of insertStatements(rows.slice(i, i + RAW_BATCH), 512)) await client.query(sql);
      await client.query('COMMIT');
    }
    return rows.length / ((performance.now() - started) / 1000);
  } finally {
    await client.end();
  }
}

export const postgresBench: BenchSection = {
  id: 'postgres',
  title: `PostgreSQL: recorder vs raw node-postgres multi-row INSERTs (${RUNS} runs × ${PER_RUN.toLocaleString('en-US')} events); built app instances on one database`,
  async run(): Promise<BenchRow[]> {
    const server = await startPostgresServer();
    // Ctrl-C or a kill ends node without running `finally`: stop the server here; exiting emits the
    // 'exit' that kills the app instances (tests/support/system/app-server.ts).
    const onSignal = (signal: NodeJS.Signals) => {
      server.stop();
      process.exit(signal === 'SIGINT' ? 130 : 143);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      const recorder = await measureRecorder(await freshDatabase(server.url, 'bench_recorder'));
      const raw = await measureRaw(await freshDatabase(server.url, 'bench_raw'));
      const unavailable = clusterUnavailable();
      const cluster = unavailable
        ? [
            {
              name: 'commit → SSE p95 across instances; checkouts/s with 1, 2, 3 instances',
              figure: unavailable,
              unit: '',
            },
          ]
        : await measureCluster(await freshDatabase(server.url, 'bench_cluster'));
      return [
        {
          name: 'recorder (Prisma + adapter-pg, search indexed)',
          figure: Math.round(recorder),
          unit: 'events/s',
          notes: `${(recorder / raw).toFixed(2)}× raw (which feeds no search index)`,
          headline: true,
        },
        { name: 'raw node-postgres, same SQL, 4096 rows a transaction', figure: Math.round(raw), unit: 'events/s' },
        ...cluster,
      ];
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      server.stop();
    }
  },
};
