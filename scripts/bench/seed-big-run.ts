import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { getDb, type PrismaClient } from '@/lib/db/client';
import { applyFaultPreset } from '@/lib/faults/presets';
import { ManualClock } from '@/lib/runtime/clock';
import { getTraceBus } from '@/lib/trace/bus';
import { ROOT_SPAN_ID, type NewTraceEvent, type TraceEvent } from '@/lib/trace/events';
import { TraceRecorder } from '@/lib/trace/recorder';
import { finishRun } from '@/lib/trace/runs';
import { flushSearchIndex } from '@/lib/trace/search-indexer';
import { createCheckoutHarness } from '@/tests/support/checkout-harness';

/**
 * Records one very long run (10,000 model steps by default) into a database, through the real
 * recorder, for measuring how fast a huge trace opens in the browser (issue 8: ≤ 1.5 s for
 * 10,000 steps). A step is what the issue means by one: a model step, with the tool call, tool
 * result, messages and sub-agent work the real agents record around it (about 3.6 events a step).
 * The run is a real offline checkout under the chaos-mix fault preset (declines, retries, faults),
 * its agent work repeated as whole checkouts with fresh span ids until the log holds the steps
 * asked for: real shapes, real payload sizes, every span closed, a graph of every agent and service.
 * Whole checkouts, so the count is reached or just passed (by less than one checkout), never cut.
 *
 *   DATABASE_URL=file:./data/app.db npx tsx scripts/bench/seed-big-run.ts [--steps 10000] [--run-id big_run_10000] [--json]
 *
 * Then open /runs/<run id>. Running it again replaces the run.
 */

export interface BigRunOptions {
  runId: string;
  /** Model steps in the log, at least (whole checkouts are repeated). */
  steps: number;
  /** Time between two events, so the waterfall has a width. */
  paceMs?: number;
}

export interface BigRun {
  runId: string;
  events: number;
  modelSteps: number;
  toolCalls: number;
}

/** A real checkout's events, recorded in a throw-away database. */
async function templateRun(): Promise<TraceEvent[]> {
  const h = await createCheckoutHarness();
  try {
    const applied = await applyFaultPreset(h.t.db, { preset: 'chaos-mix' });
    if (!applied.ok) throw new Error('seed-big-run: the chaos-mix preset did not apply');
    const [run] = await h.order({
      customerId: 'cus_grace',
      items: [
        { sku: 'KB-001', quantity: 1 },
        { sku: 'MS-002', quantity: 2 },
      ],
    });
    return await h.events(run.runId);
  } finally {
    await h.dispose();
  }
}

/** The template's agent work (everything between run.started and its end), repeated whole under fresh span ids until it holds `steps` model steps. */
function repeatedBody(template: TraceEvent[], steps: number): NewTraceEvent[] {
  const body = template.filter(
    (e) => e.type !== 'run.started' && e.type !== 'run.finished' && e.type !== 'run.interrupted',
  );
  const perRound = body.filter((e) => e.type === 'model.step').length;
  if (perRound === 0) throw new Error('seed-big-run: the template has no model step');
  const events: NewTraceEvent[] = [];
  for (let round = 0; round * perRound < steps; round++) {
    const rename = (id: string | null) => (id === null || id === ROOT_SPAN_ID ? id : `${id}.r${round}`);
    for (const e of body) {
      const { runId: _r, seq: _s, ts: _t, ...rest } = e;
      events.push({ ...rest, spanId: rename(e.spanId)!, parentSpanId: rename(e.parentSpanId) } as NewTraceEvent);
    }
  }
  return events;
}

export async function seedBigRun(db: PrismaClient, options: BigRunOptions): Promise<BigRun> {
  const template = await templateRun();
  const started = template[0];
  if (started.type !== 'run.started') throw new Error('seed-big-run: the template does not start with run.started');
  const pace = options.paceMs ?? 20;
  const body = repeatedBody(template, options.steps);
  const startTs = Date.now() - (body.length + 1) * pace;
  await db.run.deleteMany({ where: { id: options.runId } });
  await db.run.create({
    data: {
      id: options.runId,
      customerId: started.data.customerId,
      mode: 'agents',
      model: started.data.model,
      seed: started.data.seed,
      goal: `${started.data.goal} (repeated to ${options.steps.toLocaleString('en-US')} steps)`,
      startedAt: new Date(startTs),
    },
  });
  const clock = new ManualClock(startTs + (body.length + 1) * pace);
  const recorder = new TraceRecorder({ db, bus: getTraceBus(), clock });
  const { runId: _r, seq: _s, ts: _t, ...runStarted } = started;
  await Promise.all([
    recorder.append(options.runId, { ...runStarted, ts: startTs } as NewTraceEvent),
    ...body.map((event, i) =>
      recorder.append(options.runId, { ...event, ts: startTs + (i + 1) * pace } as NewTraceEvent),
    ),
  ]);
  const { summary } = await finishRun({ db, recorder, clock }, options.runId, {
    status: 'succeeded',
    outcome: `order placed (a ${options.steps.toLocaleString('en-US')}-step run for the browser bench)`,
  });
  // Searchable as soon as this returns (search is fed after commit).
  await flushSearchIndex(db);
  return { runId: options.runId, events: summary.events, modelSteps: summary.modelSteps, toolCalls: summary.toolCalls };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      steps: { type: 'string', default: '10000' },
      'run-id': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const steps = Number(values.steps);
  if (!Number.isInteger(steps) || steps < 1 || steps > 300_000)
    throw new Error('--steps must be a whole number from 1 to 300,000');
  const runId = values['run-id'] ?? `big_run_${steps}`;
  if (!/^[A-Za-z0-9_.:-]{1,100}$/.test(runId))
    throw new Error('--run-id must be a run id ([A-Za-z0-9_.:-], at most 100 characters)');
  const db = await getDb();
  try {
    const big = await seedBigRun(db, { runId, steps });
    // --json: one line the browser bench reads (it needs the exact event count to wait for).
    if (values.json) console.log(JSON.stringify(big));
    else
      console.log(
        `recorded ${big.events.toLocaleString('en-US')} events (${big.modelSteps.toLocaleString('en-US')} model steps, ${big.toolCalls.toLocaleString('en-US')} tool calls) as run ${big.runId}: open /runs/${big.runId}`,
      );
  } finally {
    await db.$disconnect();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
