import Database from 'better-sqlite3';
import { randomFaultSchedule } from '@/lib/chaos/random-fault-rules';
import { priceOf } from '@/lib/models/prices';
import { createRandom, type Random } from '@/lib/runtime/random';
import type { TraceEvent } from '@/lib/trace/events';
import { foldRunSummary } from '@/lib/trace/projections/run-summary';
import { insertStatements, type EncodedEvent } from '@/lib/trace/rows';
import { searchIndexPassSql } from '@/lib/trace/search-indexer';
import { createCheckoutHarness, type Harness } from '@/tests/support/checkout-harness';

/**
 * A history of about a million events for the history bench, made of real traces: a few dozen real
 * offline checkouts (every demo customer, random seeded fault schedules, both modes) are recorded,
 * then cloned into thousands of runs with their own run and order ids (in the payloads too, so an
 * order id is a rare search term), models, start times spread over a month and paces, a few cut
 * short (interrupted, or still running). Clones go in with direct batched multi-row INSERTs on the
 * recorder's own row encoding, each transaction followed by a search index pass as the recorder's
 * commits are (lib/trace/search-indexer.ts).
 */

export interface SeedOptions {
  /** Stop once this many events are stored. */
  events: number;
  /** Real runs to clone from. */
  templates: number;
  seed: number;
}

export interface SeededHistory {
  h: Harness;
  runs: number;
  events: number;
  templateSeconds: number;
  insertSeconds: number;
  /** Values that exist in the seeded history, for queries. */
  sample: { orderId: string; customerId: string; model: string; firstStart: Date; lastStart: Date };
}

const MODELS = [
  'offline-planner:offline-planner-v1',
  'openai:gpt-4.1-mini',
  'anthropic:claude-sonnet-4-5',
  'openai:gpt-4o-mini',
];
const MODEL_WEIGHTS = [0.55, 0.2, 0.15, 0.1];
const CUSTOMERS = [
  'cus_ada',
  'cus_grace',
  'cus_alan',
  'cus_katherine',
  'cus_linus',
  'cus_margaret',
  'cus_barbara',
  'cus_edsger',
];
const DAY = 86_400_000;

interface Template {
  runId: string;
  orderId: string;
  customerId: string;
  mode: string;
  model: string;
  events: TraceEvent[];
  payloads: string[];
}

async function recordTemplates(h: Harness, options: SeedOptions): Promise<Template[]> {
  const random = createRandom(options.seed, 'templates');
  const templates: Template[] = [];
  for (let k = 0; k < options.templates; k++) {
    await h.t.db.faultRule.deleteMany();
    // A quarter run without faults; the rest under a random schedule, like the chaos tests.
    if (k % 4 !== 0) {
      for (const [i, rule] of randomFaultSchedule(options.seed * 1000 + k).entries()) {
        const { id: _id, hitCount: _h, evalCount: _e, createdAt: _c, updatedAt: _u, params, ...rest } = rule;
        await h.t.db.faultRule.create({
          data: { ...rest, id: `bench_rule_${k}_${i}`, params: JSON.stringify(params ?? {}) },
        });
      }
    }
    h.clock.advance(1000);
    const mode = random.next() < 0.15 ? 'orchestrator' : 'agents';
    const [result] = await h.order({
      customerId: CUSTOMERS[k % CUSTOMERS.length],
      mode,
      items: [{ sku: ['KB-001', 'MS-002', 'HP-004', 'CB-010'][k % 4], quantity: 1 + (k % 2) }],
    });
    const run = await h.t.db.run.findUniqueOrThrow({ where: { id: result.runId } });
    const events = await h.events(run.id);
    templates.push({
      runId: run.id,
      orderId: run.orderId!,
      customerId: run.customerId!,
      mode: run.mode,
      model: run.model,
      events,
      payloads: events.map((e) => JSON.stringify(e.data)),
    });
  }
  await h.t.db.faultRule.deleteMany();
  return templates;
}

function pickWeighted<T>(random: Random, items: readonly T[], weights: readonly number[]): T {
  let roll = random.next();
  for (let i = 0; i < items.length; i++) if ((roll -= weights[i]) < 0) return items[i];
  return items[items.length - 1];
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** An id inside JSON text, not as the prefix of a longer one (run_1 must not match run_12). */
const idPattern = (id: string) => new RegExp(`(?<![A-Za-z0-9])${escape(id)}(?![0-9])`, 'g');

interface Clone {
  runRow: unknown[];
  rows: EncodedEvent[];
}

function cloneRun(template: Template, index: number, start: number, random: Random): Clone {
  const runId = `hrun_${String(index).padStart(6, '0')}`;
  const orderId = `hord_${String(index).padStart(6, '0')}`;
  const model = template.mode === 'orchestrator' ? template.model : pickWeighted(random, MODELS, MODEL_WEIGHTS);
  const [runRe, orderRe, modelRe] = [
    idPattern(template.runId),
    idPattern(template.orderId),
    new RegExp(escape(template.model), 'g'),
  ];
  // Most runs end as their template did; a few are cut short: interrupted, or still running.
  const roll = random.next();
  const ending = roll < 0.03 ? 'running' : roll < 0.06 ? 'interrupted' : 'as-recorded';
  const keep = ending === 'as-recorded' ? template.events.length : random.int(2, template.events.length - 1);
  const paceMs = random.int(2, 60);
  const events: TraceEvent[] = [];
  const rows: EncodedEvent[] = [];
  let ts = start;
  for (let j = 0; j < keep; j++) {
    const source = template.events[j];
    ts += j === 0 ? 0 : paceMs + random.int(0, paceMs) + (source.ts - template.events[j - 1].ts);
    let event = { ...source, runId, ts } as TraceEvent;
    let payload = template.payloads[j].replace(runRe, runId).replace(orderRe, orderId).replace(modelRe, model);
    if (event.type === 'run.finished') {
      event = { ...event, data: { ...event.data, durationMs: ts - start } };
      payload = JSON.stringify({ ...(JSON.parse(payload) as object), durationMs: ts - start });
    }
    events.push(event);
    rows.push({ event, payload });
  }
  if (ending === 'interrupted') {
    const event: TraceEvent = {
      runId,
      seq: keep + 1,
      ts: ts + 500,
      type: 'run.interrupted',
      spanId: 'run',
      parentSpanId: null,
      agent: null,
      data: { reason: 'the server restarted' },
    };
    events.push(event);
    rows.push({ event, payload: JSON.stringify(event.data) });
  }
  const s = foldRunSummary(events);
  const price = priceOf(model);
  const cost = (s.inputTokens * price.input + s.outputTokens * price.output) / 1_000_000;
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().replace('Z', '+00:00'));
  const done = s.status !== 'running';
  const runRow = [
    runId,
    template.customerId,
    template.mode,
    `complete customer ${template.customerId}'s purchase of order ${orderId}`,
    s.status,
    done ? s.outcome : '',
    model,
    index,
    iso(start),
    done ? iso(s.finishedAt) : null,
    done && s.durationMs !== null ? Math.round(s.durationMs) : null,
    done ? s.events : 0,
    done ? s.modelSteps : 0,
    done ? s.toolCalls : 0,
    done ? s.errors : 0,
    done ? s.faults : 0,
    done ? Math.round(s.inputTokens) : 0,
    done ? Math.round(s.outputTokens) : 0,
    done ? cost : 0,
  ];
  return { runRow, rows };
}

export async function seedHistory(options: SeedOptions): Promise<SeededHistory> {
  const h = await createCheckoutHarness();
  await h.t.db.product.updateMany({ data: { stock: 1_000_000 } });
  let started = performance.now();
  const templates = await recordTemplates(h, options);
  const templateSeconds = (performance.now() - started) / 1000;
  const random = createRandom(options.seed, 'clones');
  const perRun = templates.reduce((n, t) => n + t.events.length, 0) / templates.length;
  const expectedRuns = Math.ceil(options.events / perRun);
  const lastStart = Date.UTC(2026, 9, 31);
  const firstStart = lastStart - 30 * DAY;

  if (h.t.engine !== 'sqlite') throw new Error('the history bench seeds a SQLite file');
  const db = new Database(h.t.filePath);
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -65536');
  const insertRun =
    db.prepare(`INSERT INTO "Run" ("id", "customerId", "mode", "goal", "status", "outcome", "model", "seed", "startedAt", "finishedAt", "durationMs",
    "eventCount", "stepCount", "toolCallCount", "errorCount", "faultCount", "inputTokens", "outputTokens", "costUsd") VALUES (${Array(19).fill('?').join(',')})`);
  const indexPass = db.prepare(searchIndexPassSql(1_000_000));
  const write = db.transaction((clones: Clone[]) => {
    for (const clone of clones) insertRun.run(...clone.runRow);
    for (const sql of insertStatements(
      clones.flatMap((c) => c.rows),
      500,
    ))
      db.exec(sql);
  });
  const index = db.transaction(() => indexPass.run());
  started = performance.now();
  let events = 0;
  let runs = 0;
  let pending: Clone[] = [];
  let pendingEvents = 0;
  try {
    while (events + pendingEvents < options.events) {
      const template = templates[random.int(0, templates.length - 1)];
      const start = firstStart + Math.round(((lastStart - firstStart) * runs) / expectedRuns) + random.int(0, 60_000);
      const clone = cloneRun(template, runs, start, random);
      pending.push(clone);
      pendingEvents += clone.rows.length;
      runs++;
      if (pendingEvents >= 5_000) {
        write(pending);
        index();
        events += pendingEvents;
        pending = [];
        pendingEvents = 0;
      }
    }
    if (pending.length) write(pending);
    index();
    events += pendingEvents;
  } finally {
    db.close();
  }
  const insertSeconds = (performance.now() - started) / 1000;
  const sample = {
    orderId: `hord_${String(Math.floor(runs / 2)).padStart(6, '0')}`,
    customerId: 'cus_grace',
    model: MODELS[1],
    firstStart: new Date(firstStart),
    lastStart: new Date(lastStart),
  };
  return { h, runs, events, templateSeconds, insertSeconds, sample };
}
