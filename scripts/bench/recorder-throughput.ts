import Database from 'better-sqlite3';
import { systemClock } from '@/lib/runtime/clock';
import { InProcessTraceBus } from '@/lib/trace/bus';
import { parseNewTraceEvent, type NewTraceEvent, type TraceEvent } from '@/lib/trace/events';
import { TraceRecorder } from '@/lib/trace/recorder';
import { INSERT_COLUMNS, denormalize } from '@/lib/trace/rows';
import { flushSearchIndex, searchIndexPassSql } from '@/lib/trace/search-indexer';
import { median, type BenchRow, type BenchSection } from './support/bench-table';
import { syntheticEvents } from './support/synthetic-events';
import { createSqliteTestDatabase } from '@/tests/support/test-db';

/**
 * Events persisted per second: the recorder (zod check, seq, group commit through Prisma, publish,
 * search indexing after commit) against raw better-sqlite3 multi-row inserts of the very same rows
 * on the same schema, each transaction followed by the same search index pass, each on a fresh
 * database file, alternating, a few rounds (the median is printed, the spread in the notes). The
 * clock stops when the last event is both committed and indexed.
 */

export interface Workload {
  label: string;
  runs: number;
  events: number;
  /** Appends in flight per run: producers await each window (as concurrent agents would). */
  window: number;
}

const WORKLOADS: Workload[] = [
  { label: '1 run', runs: 1, events: 100_000, window: 8192 },
  { label: '16 concurrent runs', runs: 16, events: 96_000, window: 256 },
];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/**
 * Rows per transaction on the raw side: what the recorder does under load. Per statement: 512 (bound
 * parameters; SQLite allows 32,766 a statement, so not the recorder's whole batch of literals).
 */
const RAW_BATCH = 4096;
const RAW_ROWS_PER_STATEMENT = 512;

const runIds = (w: Workload) => Array.from({ length: w.runs }, (_, i) => `bench_run_${String(i).padStart(2, '0')}`);

async function createRuns(filePath: string, ids: string[]): Promise<void> {
  const db = new Database(filePath);
  try {
    const insert = db.prepare(`INSERT INTO "Run" (id, goal, model) VALUES (?, 'bench', 'offline')`);
    db.transaction(() => ids.forEach((id) => insert.run(id)))();
  } finally {
    db.close();
  }
}

/** Every run has exactly 1..n, once each: a figure for a log with gaps would be worthless. */
function verify(filePath: string, ids: string[], perRun: number): void {
  const db = new Database(filePath, { readonly: true });
  try {
    const rows = db
      .prepare(
        'SELECT runId, COUNT(*) AS n, MIN(seq) AS lo, MAX(seq) AS hi, COUNT(DISTINCT seq) AS d FROM TraceEvent GROUP BY runId',
      )
      .all() as { runId: string; n: number; lo: number; hi: number; d: number }[];
    const ok =
      rows.length === ids.length &&
      rows.every((r) => r.n === perRun && r.d === perRun && r.lo === 1 && r.hi === perRun);
    if (!ok) throw new Error(`bench: the stored log is not gap-free: ${JSON.stringify(rows.slice(0, 3))}`);
  } finally {
    db.close();
  }
}

export interface Measured {
  /** Wall-clock events (rows) per second. */
  rate: number;
  /** Process CPU (user + system) per event: steadier than wall-clock on a shared machine. */
  cpuUs: number;
}

function measuredSince(started: number, cpu: NodeJS.CpuUsage, count: number): Measured {
  const used = process.cpuUsage(cpu);
  return { rate: count / ((performance.now() - started) / 1000), cpuUs: (used.user + used.system) / count };
}

export interface MeasureOptions {
  /** Run on the fresh file before measuring (e.g. to add a trigger and see what it costs). */
  prepare?: (filePath: string) => void;
  /** Feed the history search index after each commit (default), or not at all. */
  indexed?: boolean;
}

/** Every text event is in the search index exactly once. */
function verifyIndexed(filePath: string): void {
  const db = new Database(filePath, { readonly: true });
  try {
    const { n, expected } = db
      .prepare(
        `SELECT (SELECT count(*) FROM "TraceEventSearch") AS n, (SELECT count(*) FROM "TraceEventSearchSource") AS expected`,
      )
      .get() as { n: number; expected: number };
    if (n !== expected) throw new Error(`bench: ${n} events in the search index, ${expected} expected`);
  } finally {
    db.close();
  }
}

export async function measureRecorder(
  w: Workload,
  events: NewTraceEvent[],
  options: MeasureOptions = {},
): Promise<Measured> {
  const t = await createSqliteTestDatabase({ seed: false });
  try {
    const ids = runIds(w);
    const indexed = options.indexed ?? true;
    await createRuns(t.filePath, ids);
    options.prepare?.(t.filePath);
    const recorder = new TraceRecorder({
      db: t.db,
      bus: new InProcessTraceBus(),
      clock: systemClock,
      ...(indexed ? {} : { searchIndexer: null }),
    });
    const started = performance.now();
    const cpu = process.cpuUsage();
    await Promise.all(
      ids.map(async (runId) => {
        for (let i = 0; i < events.length; i += w.window) {
          await Promise.all(events.slice(i, i + w.window).map((event) => recorder.append(runId, event)));
        }
      }),
    );
    await recorder.flush();
    if (indexed) await flushSearchIndex(t.db);
    const measured = measuredSince(started, cpu, events.length * ids.length);
    verify(t.filePath, ids, events.length);
    if (indexed) verifyIndexed(t.filePath);
    return measured;
  } finally {
    await t.dispose();
  }
}

/** The order rows reach the recorder: each run's windows, round-robin (what the producers above do). */
export function arrivalOrder(w: Workload, events: TraceEvent[]): TraceEvent[][] {
  const ids = runIds(w);
  const order: TraceEvent[] = [];
  for (let i = 0; i < events.length; i += w.window) {
    for (const runId of ids) for (const e of events.slice(i, i + w.window)) order.push({ ...e, runId });
  }
  const batches: TraceEvent[][] = [];
  for (let i = 0; i < order.length; i += RAW_BATCH) batches.push(order.slice(i, i + RAW_BATCH));
  return batches;
}

function groupedByRun(batch: TraceEvent[]): TraceEvent[] {
  const groups = new Map<string, TraceEvent[]>();
  for (const e of batch) (groups.get(e.runId) ?? groups.set(e.runId, []).get(e.runId)!).push(e);
  return [...groups.values()].flat();
}

export async function measureRaw(
  w: Workload,
  batches: TraceEvent[][],
  grouped: boolean,
  options: MeasureOptions = {},
): Promise<Measured> {
  const t = await createSqliteTestDatabase({ seed: false });
  await t.db.$disconnect();
  const ids = runIds(w);
  const indexed = options.indexed ?? true;
  await createRuns(t.filePath, ids);
  options.prepare?.(t.filePath);
  const db = new Database(t.filePath);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    const head = `INSERT INTO "TraceEvent" (${INSERT_COLUMNS.map((c) => `"${c}"`).join(',')}) VALUES `;
    const tuple = `(${INSERT_COLUMNS.map(() => '?').join(',')})`;
    const full = db.prepare(head + Array(RAW_ROWS_PER_STATEMENT).fill(tuple).join(','));
    const params = (e: TraceEvent) => {
      const d = denormalize(e);
      return [
        e.runId,
        e.seq,
        e.ts,
        e.type,
        e.spanId,
        e.parentSpanId,
        e.agent,
        d.toolName,
        d.status,
        d.errorCode,
        d.faultKind,
        JSON.stringify(e.data),
      ];
    };
    const write = db.transaction((rows: TraceEvent[]) => {
      let i = 0;
      for (; i + RAW_ROWS_PER_STATEMENT <= rows.length; i += RAW_ROWS_PER_STATEMENT)
        full.run(rows.slice(i, i + RAW_ROWS_PER_STATEMENT).flatMap(params));
      const rest = rows.slice(i);
      if (rest.length) db.prepare(head + Array(rest.length).fill(tuple).join(',')).run(rest.flatMap(params));
    });
    // What the recorder's indexer does after each commit: its own transaction.
    const pass = db.prepare(searchIndexPassSql(20_000));
    const index = db.transaction(() => pass.run());
    const started = performance.now();
    const cpu = process.cpuUsage();
    for (const batch of batches) {
      write(grouped ? groupedByRun(batch) : batch);
      if (indexed) index();
    }
    const measured = measuredSince(started, cpu, batches.flat().length);
    db.close();
    verify(t.filePath, ids, batches.flat().length / ids.length);
    if (indexed) verifyIndexed(t.filePath);
    return measured;
  } finally {
    if (db.open) db.close();
    await t.dispose();
  }
}

/** The raw side gets the same rows already numbered and stamped, as the recorder would have them. */
export function stampAll(events: NewTraceEvent[]): TraceEvent[] {
  return events.map((e, i) => ({ ...parseNewTraceEvent(e), runId: '', seq: i + 1, ts: Date.now() }) as TraceEvent);
}

export function spread(values: number[]): string {
  return `${Math.round(Math.min(...values)).toLocaleString('en-US')}..${Math.round(Math.max(...values)).toLocaleString('en-US')}`;
}

export const recorderThroughput: BenchSection = {
  id: 'recorder',
  title: 'Trace recorder: events persisted per second (WAL, synchronous=NORMAL, fresh file each)',
  async run(): Promise<BenchRow[]> {
    const rows: BenchRow[] = [];
    // A discarded pass first: the first run in a fresh process also measures the JIT warming up.
    const warmUp: Workload = { label: 'warm-up', runs: 2, events: 10_000, window: 1024 };
    const warmEvents = syntheticEvents(warmUp.events / warmUp.runs);
    await measureRecorder(warmUp, warmEvents);
    await measureRaw(warmUp, arrivalOrder(warmUp, stampAll(warmEvents)), true);
    for (const w of WORKLOADS) {
      const perRun = syntheticEvents(w.events / w.runs);
      const batches = arrivalOrder(w, stampAll(perRun));
      const figures = { recorder: [] as Measured[], rawGrouped: [] as Measured[], rawArrival: [] as Measured[] };
      for (let round = 0; round < ROUNDS; round++) {
        figures.recorder.push(await measureRecorder(w, perRun));
        figures.rawGrouped.push(await measureRaw(w, batches, true));
        figures.rawArrival.push(await measureRaw(w, batches, false));
      }
      const rate = (m: Measured[]) => median(m.map((x) => x.rate));
      const cpu = (m: Measured[]) => median(m.map((x) => x.cpuUs));
      const spreadOf = (m: Measured[]) => spread(m.map((x) => x.rate));
      const [recorder, raw] = [figures.recorder, figures.rawGrouped];
      const workload = `${w.label}, ${w.events.toLocaleString('en-US')} events`;
      rows.push(
        {
          name: `recorder (${w.label})`,
          figure: Math.round(rate(recorder)),
          unit: 'events/s',
          headline: w.runs > 1,
          notes: `${(rate(recorder) / rate(raw)).toFixed(2)}x raw (CPU ${(cpu(raw) / cpu(recorder)).toFixed(2)}x); ${cpu(recorder).toFixed(1)} µs CPU/event; ${workload}; median of ${ROUNDS}, ${spreadOf(recorder)}`,
        },
        {
          name: `raw better-sqlite3 (${w.label})`,
          figure: Math.round(rate(raw)),
          unit: 'rows/s',
          notes: `${cpu(raw).toFixed(1)} µs CPU/row; same rows, ${RAW_BATCH}/tx, ${RAW_ROWS_PER_STATEMENT}/INSERT, grouped by run, a search index pass after each tx; ${spreadOf(raw)}`,
        },
        {
          name: `raw, arrival order (${w.label})`,
          figure: Math.round(rate(figures.rawArrival)),
          unit: 'rows/s',
          notes: `${cpu(figures.rawArrival).toFixed(1)} µs CPU/row; rows not grouped by run; ${spreadOf(figures.rawArrival)}`,
        },
      );
    }
    return rows;
  },
};
