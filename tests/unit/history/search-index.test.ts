import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations, MIGRATIONS_DIR, readMigrationFiles } from '@/lib/db/migrations';
import { ManualClock } from '@/lib/runtime/clock';
import { InProcessTraceBus } from '@/lib/trace/bus';
import { TraceRecorder } from '@/lib/trace/recorder';
import { flushSearchIndex } from '@/lib/trace/search-indexer';
import { insertStatements } from '@/lib/trace/rows';
import type { NewTraceEvent, TraceEvent } from '@/lib/trace/events';
import { createSqliteTestDatabase, type SqliteTestDatabase } from '../../support/test-db';

/** The FTS5 index behind history search (migration trace_event_search): what feeds it and what empties it. */

/** The search index's migrations: the first made it, the second re-keyed it by run, the third moved it off the insert path. */
const SEARCH_MIGRATIONS = readMigrationFiles().filter((m) =>
  /_trace_(event_search|search_by_run|search_after_commit)$/.test(m.name),
);

const events: NewTraceEvent[] = [
  {
    type: 'run.started',
    spanId: 'run',
    parentSpanId: null,
    agent: null,
    data: { goal: 'walrus goal', orderId: 'o', customerId: 'c', mode: 'agents', model: 'm', seed: 0, faultRules: [] },
  },
  {
    type: 'agent.started',
    spanId: 's1',
    parentSpanId: 'run',
    agent: 'PaymentAgent',
    data: { agent: 'PaymentAgent', goal: 'walrus task' },
  },
  {
    type: 'model.step',
    spanId: 's2',
    parentSpanId: 's1',
    agent: 'PaymentAgent',
    data: {
      agent: 'PaymentAgent',
      step: 1,
      model: 'm',
      reasoning: 'the pelican card looks usable',
      text: 'answer heron',
      toolCalls: [{ toolCallId: 'c1', toolName: 'payment_authorize', input: { card: 'pm_osprey' } }],
      finishReason: 'tool-calls',
      usage: { inputTokens: 1, outputTokens: 1 },
      costUsd: 0,
      latencyMs: 1,
      response: { raw: 'albatross' },
    },
  },
  {
    type: 'tool.call',
    spanId: 's3',
    parentSpanId: 's1',
    agent: 'PaymentAgent',
    data: { toolName: 'payment_authorize', toolCallId: 'c1', input: { note: 'flamingo input' } },
  },
  {
    type: 'tool.result',
    spanId: 's3',
    parentSpanId: 's1',
    agent: 'PaymentAgent',
    data: {
      toolName: 'payment_authorize',
      toolCallId: 'c1',
      status: 'error',
      error: { code: 'card_declined', message: 'the toucan issuer said no', retryable: false },
      latencyMs: 1,
    },
  },
  {
    type: 'message.sent',
    spanId: 's3',
    parentSpanId: 's1',
    agent: 'PaymentAgent',
    data: {
      from: 'PaymentAgent',
      to: 'CheckoutAgent',
      direction: 'reply',
      text: 'declined by kingfisher',
      data: { extra: 'cormorant' },
      toolCallId: 'c1',
    },
  },
  {
    type: 'fault.injected',
    spanId: 's3',
    parentSpanId: 's1',
    agent: 'PaymentAgent',
    data: {
      ruleId: 'r',
      ruleName: 'walrus rule',
      service: 'payment',
      operation: 'authorize',
      kind: 'decline',
      effect: 'walrus',
    },
  },
  {
    type: 'agent.finished',
    spanId: 's1',
    parentSpanId: 'run',
    agent: 'PaymentAgent',
    data: { agent: 'PaymentAgent', status: 'error', answer: 'walrus answer', steps: 1, durationMs: 1 },
  },
];

function matches(db: Database.Database, term: string): string[] {
  const sql = `SELECT DISTINCT r."id" FROM "TraceEventSearch" s JOIN "Run" r ON r."searchKey" = s."rowid" >> 24 WHERE "TraceEventSearch" MATCH ? ORDER BY 1`;
  return (db.prepare(sql).all(`"${term}"`) as { id: string }[]).map((r) => r.id);
}

const indexed = (db: Database.Database) =>
  (db.prepare(`SELECT count(*) AS n FROM "TraceEventSearch"`).get() as { n: number }).n;

let t: SqliteTestDatabase | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await t?.dispose();
  t = null;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function recordRun(db: SqliteTestDatabase['db'], runId: string): Promise<void> {
  await db.run.create({ data: { id: runId, goal: 'g', model: 'm' } });
  const recorder = new TraceRecorder({ db, bus: new InProcessTraceBus(), clock: new ManualClock() });
  await Promise.all(events.map((event) => recorder.append(runId, event)));
  await flushSearchIndex(db);
}

describe('the history search index', () => {
  it('indexes, after the recorder commits, the text of model steps, tool calls and results, and messages', async () => {
    t = await createSqliteTestDatabase({ seed: false });
    await recordRun(t.db, 'run_a');
    const raw = new Database(t.filePath, { readonly: true });
    try {
      for (const term of [
        'pelican',
        'heron',
        'pm_osprey',
        'flamingo',
        'toucan',
        'card_declined',
        'kingfisher',
        'cormorant',
        'payment_authorize',
      ]) {
        expect(matches(raw, term), term).toEqual(['run_a']);
      }
      // Not searchable: the run's goal, agent goals and answers, fault rule names, raw model responses.
      for (const term of ['walrus', 'albatross']) expect(matches(raw, term), term).toEqual([]);
      // One index row per text event, at rowid searchKey * 2^24 + seq.
      const rowids = (
        raw.prepare(`SELECT rowid FROM "TraceEventSearch" ORDER BY rowid`).all() as { rowid: number }[]
      ).map((r) => r.rowid);
      const expected = (
        raw
          .prepare(
            `SELECT r."searchKey" * 16777216 + e.seq AS rowid FROM "TraceEvent" e JOIN "Run" r ON r.id = e."runId" WHERE e.type IN ('model.step','tool.call','tool.result','message.sent') ORDER BY 1`,
          )
          .all() as { rowid: number }[]
      ).map((r) => r.rowid);
      expect(rowids).toEqual(expected);
      expect(rowids).toHaveLength(4);
    } finally {
      raw.close();
    }
  });

  it('gives every run its own search key when it is created', async () => {
    t = await createSqliteTestDatabase({ seed: false });
    for (const id of ['run_a', 'run_b', 'run_c']) await t.db.run.create({ data: { id, goal: 'g', model: 'm' } });
    await t.db.run.delete({ where: { id: 'run_b' } });
    await t.db.run.create({ data: { id: 'run_d', goal: 'g', model: 'm' } });
    const keys = await t.db.run.findMany({ orderBy: { searchKey: 'asc' }, select: { id: true, searchKey: true } });
    expect(keys).toEqual([
      { id: 'run_a', searchKey: 1 },
      { id: 'run_c', searchKey: 3 },
      { id: 'run_d', searchKey: 4 },
    ]);
  });

  it("forgets a run's events when the run is deleted", async () => {
    t = await createSqliteTestDatabase({ seed: false });
    await recordRun(t.db, 'run_a');
    await recordRun(t.db, 'run_b');
    await t.db.run.delete({ where: { id: 'run_a' } });
    const raw = new Database(t.filePath, { readonly: true });
    try {
      expect(matches(raw, 'pelican')).toEqual(['run_b']);
      expect(indexed(raw)).toBe(4);
    } finally {
      raw.close();
    }
  });

  it.each(SEARCH_MIGRATIONS.map((m) => [m.name]))(
    'indexes the events already recorded when %s is applied to an existing database',
    (name) => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'aco-fts-'));
      dirs.push(dir);
      const before = path.join(dir, 'migrations');
      for (const m of readMigrationFiles().filter((m) => m.name < name))
        cpSync(path.join(MIGRATIONS_DIR, m.name), path.join(before, m.name), { recursive: true });
      const db = new Database(path.join(dir, 'app.db'));
      try {
        applyMigrations(db, before);
        for (const id of ['run_old', 'run_older'])
          db.prepare(`INSERT INTO "Run" (id, goal, model) VALUES (?, 'g', 'm')`).run(id);
        const stored = events.map((e, i) => ({
          event: { ...e, runId: 'run_old', seq: i + 1, ts: 1 } as TraceEvent,
          payload: JSON.stringify(e.data),
        }));
        for (const sql of insertStatements(stored, 100)) db.exec(sql);
        expect(applyMigrations(db)).toContain(name);
        expect(matches(db, 'toucan')).toEqual(['run_old']);
        expect(indexed(db)).toBe(4);
        // Every run has its own key, old or new.
        db.prepare(`INSERT INTO "Run" (id, goal, model) VALUES ('run_new', 'g', 'm')`).run();
        const keys = (db.prepare(`SELECT "searchKey" AS k FROM "Run" ORDER BY rowid`).all() as { k: number }[]).map(
          (r) => r.k,
        );
        expect(new Set(keys).size).toBe(3);
        expect(keys.every((k) => Number.isInteger(k) && k > 0)).toBe(true);
      } finally {
        db.close();
      }
    },
  );
});
