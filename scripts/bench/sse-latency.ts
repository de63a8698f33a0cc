import { GET as streamRunEvents } from '@/app/api/runs/[id]/events/route';
import { getDb } from '@/lib/db/client';
import { systemClock } from '@/lib/runtime/clock';
import { getTraceBus } from '@/lib/trace/bus';
import { getRecorder, type TraceRecorder } from '@/lib/trace/recorder';
import { searchIndexIdle } from '@/lib/trace/search-indexer';
import { finishRun } from '@/lib/trace/runs';
import { percentile, type BenchRow, type BenchSection } from './support/bench-table';
import { serveHandler } from './support/http-server';
import { readSse } from './support/sse-reader';
import { syntheticEvents } from './support/synthetic-events';
import { createSqliteTestDatabase } from '@/tests/support/test-db';

/**
 * Event-commit → SSE-client-receipt latency through the real route handler, a real node:http server
 * on 127.0.0.1 and a real HTTP client reading the stream. The commit time is taken by a bus listener
 * registered before the stream's own, once per published batch (publishing starts right after the
 * batch commits); the receipt time when the client has parsed the frame. Client and server share one process and one clock (and the
 * client's parsing competes with the server for the event loop, so the figures are conservative).
 */

interface Scenario {
  label: string;
  events: number;
  /** Appends per tick and the pause between ticks; 0 = as fast as the recorder takes them. */
  burst: number;
  pauseMs: number;
}

const SCENARIOS: Scenario[] = [
  { label: 'paced ~5,000 events/s', events: 10_000, burst: 10, pauseMs: 2 },
  { label: 'flood (10,000 at once)', events: 10_000, burst: 1_000, pauseMs: 0 },
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function measure(
  baseUrl: string,
  recorder: TraceRecorder,
  scenario: Scenario,
  runId: string,
): Promise<{ latencies: number[]; received: number }> {
  const db = await getDb();
  await db.run.create({ data: { id: runId, goal: 'bench', model: 'offline' } });
  const committedAt = new Float64Array(scenario.events + 3);
  // A batch is published in one synchronous loop right after its commit: stamp the loop's start.
  let burstStart: number | null = null;
  getTraceBus().subscribe(runId, (event) => {
    if (burstStart === null) {
      burstStart = performance.now();
      queueMicrotask(() => (burstStart = null));
    }
    committedAt[event.seq] = burstStart;
  });
  const response = await fetch(`${baseUrl}/api/runs/${runId}/events`);
  if (!response.ok || !response.body) throw new Error(`bench: the stream answered ${response.status}`);

  const latencies: number[] = [];
  const reading = (async () => {
    for await (const frame of readSse(response.body!)) {
      if (frame.event === 'trace') latencies.push(performance.now() - committedAt[Number(frame.id)]);
      if (frame.event === 'end') return;
    }
  })();

  const events = syntheticEvents(scenario.events);
  for (let i = 0; i < events.length; i += scenario.burst) {
    const burst = events.slice(i, i + scenario.burst).map((event) => recorder.append(runId, event));
    if (scenario.pauseMs > 0) await sleep(scenario.pauseMs);
    else await Promise.all(burst);
  }
  await recorder.flush();
  await finishRun({ db, recorder, clock: systemClock }, runId, { status: 'succeeded', outcome: 'bench' });
  await reading;
  return { latencies, received: latencies.length };
}

export const sseLatency: BenchSection = {
  id: 'sse',
  title: 'Live stream: event commit → SSE client receipt over HTTP on 127.0.0.1',
  async run(): Promise<BenchRow[]> {
    const t = await createSqliteTestDatabase({ seed: false });
    await t.db.$disconnect();
    // The route handler reads the process-wide database: point it at the throw-away file.
    process.env.DATABASE_URL = t.url;
    const recorder = await getRecorder();
    const server = await serveHandler((request) => {
      const id = decodeURIComponent(new URL(request.url).pathname.split('/')[3] ?? '');
      return streamRunEvents(request, { params: Promise.resolve({ id }) });
    });
    const rows: BenchRow[] = [];
    try {
      for (const [i, scenario] of SCENARIOS.entries()) {
        const { latencies, received } = await measure(server.url, recorder, scenario, `bench_sse_${i}`);
        const expected = scenario.events + 1; // + run.finished
        if (received !== expected) throw new Error(`bench: the client received ${received} of ${expected} events`);
        const sorted = [...latencies].sort((a, b) => a - b);
        const note = `${received.toLocaleString('en-US')} events, ${scenario.label}`;
        rows.push(
          { name: `sse p50 (${scenario.label})`, figure: percentile(sorted, 50), unit: 'ms', notes: note },
          {
            name: `sse p95 (${scenario.label})`,
            figure: percentile(sorted, 95),
            unit: 'ms',
            headline: true,
            better: 'lower',
            target: '≤ 50 ms',
            before: scenario.burst > 100 ? '180–300 ms' : '2 ms',
          },
          {
            name: `sse p99 (${scenario.label})`,
            figure: percentile(sorted, 99),
            unit: 'ms',
            notes: `max ${sorted.at(-1)!.toFixed(1)} ms`,
          },
        );
      }
    } finally {
      await server.close();
      const db = await getDb();
      // Its search pass comes a moment after the last commit: let it end before the file goes.
      await searchIndexIdle(db);
      await db.$disconnect();
      await t.dispose();
    }
    return rows;
  },
};
