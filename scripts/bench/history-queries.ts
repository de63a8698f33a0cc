import { statSync } from 'node:fs';
import { parseHistoryQuery } from '@/lib/history/history-query';
import { listRunHistory, type HistoryPage } from '@/lib/history/list-runs';
import { percentile, type BenchRow, type BenchSection } from './support/bench-table';
import { seedHistory, type SeededHistory } from './support/history-seed';

/**
 * History filter and search latency on about a million events (support/history-seed.ts: real
 * traces cloned into thousands of runs, in a throw-away file). Each query runs through
 * listRunHistory, as GET /api/runs does (parse, SQL through Prisma, fault kinds, live figures),
 * once to warm up and then REPEATS times: p50 and p95 are printed. Target ≤ 100 ms.
 */

const EVENTS = Number(process.env.BENCH_HISTORY_EVENTS ?? 1_000_000);
const TEMPLATES = Number(process.env.BENCH_HISTORY_TEMPLATES ?? 40);
const REPEATS = Number(process.env.BENCH_HISTORY_REPEATS ?? 15);
const TARGET_MS = 100;

/** Values that occur in the seeded history: the most and the least frequent of each event column. */
interface Samples {
  agent: [string, string];
  tool: [string, string];
  errorCode: [string, string];
  faultKind: [string, string];
  /** A failed run's fault kind and a tool it called: a combination that matches something. */
  failedWith: { faultKind: string; tool: string };
}

interface Query {
  name: string;
  /** Query strings to cycle through (several values of one kind where it matters). */
  queries: (seeded: SeededHistory, samples: Samples) => string[];
}

const day = (d: Date) => d.toISOString().slice(0, 10);

async function sampleValues(seeded: SeededHistory): Promise<Samples> {
  const db = seeded.h.t.db;
  const extremes = async (column: 'agent' | 'toolName' | 'errorCode' | 'faultKind'): Promise<[string, string]> => {
    const rows = await db.$queryRawUnsafe<{ v: string }[]>(
      `SELECT "${column}" AS v FROM "TraceEvent" WHERE "${column}" IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1`,
    );
    return [rows[0].v, rows.at(-1)!.v];
  };
  const [failed] = await db.$queryRawUnsafe<{ faultKind: string; tool: string }[]>(`
    SELECT f."faultKind" AS "faultKind", t."toolName" AS tool FROM "Run" r
    JOIN "TraceEvent" f ON f."runId" = r.id AND f."faultKind" IS NOT NULL
    JOIN "TraceEvent" t ON t."runId" = r.id AND t.type = 'tool.call'
    WHERE r.status = 'failed' LIMIT 1`);
  return {
    agent: await extremes('agent'),
    tool: await extremes('toolName'),
    errorCode: await extremes('errorCode'),
    faultKind: await extremes('faultKind'),
    failedWith: failed,
  };
}

const QUERIES: Query[] = [
  { name: 'first page, no filter', queries: () => [''] },
  { name: 'status', queries: () => ['status=failed', 'status=interrupted', 'status=running', 'status=succeeded'] },
  { name: 'model', queries: (s) => [`model=${s.sample.model}`, 'model=anthropic:claude-sonnet-4-5'] },
  { name: 'mode', queries: () => ['mode=orchestrator'] },
  { name: 'customer', queries: () => ['customerId=cus_grace', 'customerId=cus_linus'] },
  {
    name: 'time range (3 days)',
    queries: (s) => [
      `from=${day(new Date(s.sample.firstStart.getTime() + 10 * 86_400_000))}&to=${day(new Date(s.sample.firstStart.getTime() + 13 * 86_400_000))}`,
    ],
  },
  { name: 'agent (most, least frequent)', queries: (_, v) => v.agent.map((a) => `agent=${a}`) },
  { name: 'tool (most, least frequent)', queries: (_, v) => v.tool.map((t) => `tool=${t}`) },
  { name: 'error code (most, least frequent)', queries: (_, v) => v.errorCode.map((c) => `errorCode=${c}`) },
  { name: 'fault kind (most, least frequent)', queries: (_, v) => v.faultKind.map((k) => `faultKind=${k}`) },
  {
    name: 'combined filters',
    queries: (s, v) => [
      `status=failed&faultKind=${v.failedWith.faultKind}&tool=${v.failedWith.tool}`,
      `mode=agents&model=${s.sample.model}&errorCode=${v.errorCode[0]}&from=${day(new Date(s.sample.firstStart.getTime() + 15 * 86_400_000))}`,
      `status=succeeded&agent=${v.agent[0]}&faultKind=${v.faultKind[0]}`,
    ],
  },
  { name: 'search: an order id (1 run)', queries: (s) => [`q=${s.sample.orderId}`] },
  { name: 'search: a card id', queries: () => ['q=pm_grace_mc', 'q=pm_barbara_disc'] },
  { name: 'search: a phrase', queries: () => ['q=%22insufficient%20funds%22', 'q=%22backup%20card%22'] },
  { name: 'search: words most runs contain', queries: () => ['q=authorize', 'q=declined%20backup', 'q=shipping'] },
  { name: 'search: a prefix', queries: () => ['q=declin*', 'q=reserv*'] },
  {
    name: 'search + filters',
    queries: (_, v) => [
      `q=declined&status=succeeded&agent=${v.agent[0]}`,
      `q=retry&faultKind=${v.faultKind[0]}&sort=cost`,
    ],
  },
  {
    name: 'sort by cost, duration, tokens, steps',
    queries: () => ['sort=cost', 'sort=duration&order=asc', 'sort=tokens', 'sort=steps&order=asc'],
  },
];

async function list(seeded: SeededHistory, query: string): Promise<HistoryPage> {
  const parsed = parseHistoryQuery(new URLSearchParams(query));
  if (!parsed.success) throw new Error(`bench: ${query} does not parse: ${parsed.error.message}`);
  return listRunHistory(seeded.h.t.db, parsed.data);
}

async function time(seeded: SeededHistory, queries: string[]): Promise<{ sorted: number[]; matched: number[] }> {
  // The first call of each is not timed: it warms the page cache and Prisma's query compiler.
  const latencies: number[] = [];
  const matched: number[] = [];
  for (const query of queries) matched.push((await list(seeded, query)).runs.length);
  for (let i = 0; i < REPEATS; i++) {
    for (const query of queries) {
      const started = performance.now();
      await list(seeded, query);
      latencies.push(performance.now() - started);
    }
  }
  return { sorted: latencies.sort((a, b) => a - b), matched };
}

export const historyQueries: BenchSection = {
  id: 'history',
  title: `History filters and search on ${(EVENTS / 1e6).toLocaleString('en-US')}M events (first page of 50, p50/p95 of ${REPEATS} rounds, target ≤ ${TARGET_MS} ms)`,
  async run(): Promise<BenchRow[]> {
    const seeded = await seedHistory({ events: EVENTS, templates: TEMPLATES, seed: 11 });
    try {
      if (seeded.h.t.engine !== 'sqlite') throw new Error('the history bench runs on a SQLite file');
      const file = seeded.h.t.filePath;
      const size = statSync(file).size + (statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0);
      const rows: BenchRow[] = [
        {
          name: 'seeded',
          figure: seeded.events,
          unit: 'events',
          notes: `${seeded.runs.toLocaleString('en-US')} runs (${(seeded.events / seeded.runs).toFixed(0)} events/run), cloned from ${TEMPLATES} real runs (${seeded.templateSeconds.toFixed(1)} s); ${(size / 2 ** 20).toFixed(0)} MiB`,
        },
        {
          name: 'seed insert rate (search indexed)',
          figure: Math.round(seeded.events / seeded.insertSeconds),
          unit: 'events/s',
          notes: `direct batched INSERTs, 5,000 events/transaction, each followed by a search index pass, ${seeded.insertSeconds.toFixed(1)} s`,
        },
      ];
      let worstP95 = 0;
      let worstName = '';
      const all: number[] = [];
      const samples = await sampleValues(seeded);
      for (const q of QUERIES) {
        const queries = q.queries(seeded, samples);
        const { sorted, matched } = await time(seeded, queries);
        const p95 = percentile(sorted, 95);
        all.push(...sorted);
        if (p95 > worstP95) [worstP95, worstName] = [p95, q.name];
        rows.push({
          name: q.name,
          figure: percentile(sorted, 50),
          unit: 'ms p50',
          notes: `p95 ${p95.toFixed(1)} ms${p95 > TARGET_MS ? ' (over target)' : ''}; ${queries.length} quer${queries.length === 1 ? 'y' : 'ies'}, first page ${matched.join('/')} runs`,
        });
      }
      // Deep pages: the cursor of page 20 (the runs after the first thousand), in two orders.
      const deep: string[] = [];
      for (const order of ['sort=startedAt', 'sort=cost&order=asc']) {
        let cursor: string | null = null;
        for (let page = 1; page < 20; page++)
          cursor = (await list(seeded, `${order}${cursor ? `&cursor=${cursor}` : ''}`)).nextCursor;
        if (cursor) deep.push(`${order}&cursor=${cursor}`);
      }
      const paged = await time(seeded, deep);
      all.push(...paged.sorted);
      rows.push({
        name: 'page 20 via cursor',
        figure: percentile(paged.sorted, 50),
        unit: 'ms p50',
        notes: `p95 ${percentile(paged.sorted, 95).toFixed(1)} ms; by start time and by cost; ${paged.matched.join('/')} runs`,
      });
      all.sort((a, b) => a - b);
      rows.push(
        {
          name: 'all history queries p50',
          figure: percentile(all, 50),
          unit: 'ms',
          headline: true,
          notes: `${all.length} timed queries on ${seeded.events.toLocaleString('en-US')} events`,
        },
        {
          name: 'all history queries p95',
          figure: percentile(all, 95),
          unit: 'ms',
          headline: true,
          notes: `target ≤ ${TARGET_MS} ms; worst kind: ${worstName} (p95 ${worstP95.toFixed(1)} ms)`,
        },
      );
      return rows;
    } finally {
      await seeded.h.dispose();
    }
  },
};
