import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '@/lib/runtime/clock';
import { InProcessTraceBus } from '@/lib/trace/bus';
import { TraceRecorder } from '@/lib/trace/recorder';
import { insertStatements } from '@/lib/trace/rows';
import { flushSearchIndex, SearchIndexer, searchIndexerFor } from '@/lib/trace/search-indexer';
import type { TraceEvent } from '@/lib/trace/events';
import { createSqliteTestDatabase, type SqliteTestDatabase } from '../../support/test-db';
import { createRun, runStarted, toolCall } from '../../support/trace/runs';

/** The history search index is fed after commit (migration trace_search_after_commit): what it indexes, once, and how it fails. */

let t: SqliteTestDatabase | null = null;
afterEach(async () => {
  await t?.dispose();
  t = null;
});

async function database(): Promise<SqliteTestDatabase> {
  t = await createSqliteTestDatabase({ seed: false });
  return t;
}

function read<T>(db: SqliteTestDatabase, query: (raw: Database.Database) => T): T {
  // A second connection: what is committed, not what one client has cached.
  const raw = new Database(db.filePath, { readonly: true });
  try {
    return query(raw);
  } finally {
    raw.close();
  }
}

const matching = (db: SqliteTestDatabase, word: string) =>
  read(db, (raw) =>
    (
      raw
        .prepare(
          `SELECT DISTINCT r."id" FROM "TraceEventSearch" s JOIN "Run" r ON r."searchKey" = s."rowid" >> 24 WHERE "TraceEventSearch" MATCH ? ORDER BY 1`,
        )
        .all(`"${word}"`) as { id: string }[]
    ).map((r) => r.id),
  );

/** Index rows against the text events there are, and the watermark against the newest event. */
const state = (db: SqliteTestDatabase) =>
  read(
    db,
    (raw) =>
      raw
        .prepare(`SELECT (SELECT count(*) FROM "TraceEventSearch") AS indexed, (SELECT count(*) FROM "TraceEventSearchSource") AS texts,
    (SELECT "indexedThrough" FROM "TraceSearchProgress") AS through, (SELECT COALESCE(MAX("id"), 0) FROM "TraceEvent") AS newest`)
        .get() as { indexed: number; texts: number; through: number; newest: number },
  );

function recorderOn(db: SqliteTestDatabase, searchIndexer?: SearchIndexer | null): TraceRecorder {
  return new TraceRecorder({
    db: db.db,
    bus: new InProcessTraceBus(),
    clock: new ManualClock(),
    ...(searchIndexer === undefined ? {} : { searchIndexer }),
  });
}

describe('search indexer', () => {
  it('makes what the recorder commits searchable once flushed', async () => {
    const db = await database();
    await createRun(db.db, 'run_a');
    await createRun(db.db, 'run_b');
    const recorder = recorderOn(db);
    await Promise.all([
      recorder.append('run_a', runStarted),
      ...Array.from({ length: 50 }, (_, n) =>
        recorder.append('run_a', toolCall(n, { note: n === 7 ? 'marmalade' : 'plain' })),
      ),
      recorder.append('run_b', toolCall(99, { note: 'plain' })),
    ]);
    await flushSearchIndex(db.db);
    expect(matching(db, 'marmalade')).toEqual(['run_a']);
    expect(matching(db, 'plain')).toEqual(['run_a', 'run_b']);
    // run.started has no searchable text: 51 tool calls are indexed, once each.
    expect(state(db)).toMatchObject({ indexed: 51, texts: 51 });
    expect(state(db).through).toBe(state(db).newest);
  });

  it('indexes each event once, however many passes and indexers run at the same time', async () => {
    const db = await database();
    await createRun(db.db, 'run_a');
    const recorder = recorderOn(db, null);
    await Promise.all(Array.from({ length: 40 }, (_, n) => recorder.append('run_a', toolCall(n))));
    const others = [new SearchIndexer(db.db, { chunk: 3 }), new SearchIndexer(db.db, { chunk: 7 })];
    await Promise.all([...others.map((i) => i.flush()), flushSearchIndex(db.db), others[0].flush()]);
    await flushSearchIndex(db.db);
    expect(state(db)).toMatchObject({ indexed: 40, texts: 40 });
  });

  it('catches up, a chunk at a time, on events committed without it (a previous process, a raw writer)', async () => {
    const db = await database();
    await createRun(db.db, 'run_raw');
    const rows = Array.from({ length: 25 }, (_, i) => {
      const event = { ...toolCall(i, { note: 'quince' }), runId: 'run_raw', seq: i + 1, ts: 1 } as TraceEvent;
      return { event, payload: JSON.stringify(event.data) };
    });
    await db.db.$transaction(insertStatements(rows, 10).map((sql) => db.db.$executeRawUnsafe(sql)));
    expect(state(db).indexed).toBe(0);
    await new SearchIndexer(db.db, { chunk: 4 }).flush();
    expect(matching(db, 'quince')).toEqual(['run_raw']);
    expect(state(db)).toMatchObject({ indexed: 25, texts: 25 });
  });

  it('skips events deleted before it got to them', async () => {
    const db = await database();
    await createRun(db.db, 'run_gone');
    await createRun(db.db, 'run_kept');
    const recorder = recorderOn(db, null);
    await Promise.all([
      recorder.append('run_gone', toolCall(1, { note: 'gone' })),
      recorder.append('run_kept', toolCall(2, { note: 'kept' })),
    ]);
    await db.db.run.delete({ where: { id: 'run_gone' } });
    await flushSearchIndex(db.db);
    expect(matching(db, 'gone')).toEqual([]);
    expect(matching(db, 'kept')).toEqual(['run_kept']);
  });

  it('surfaces a failing pass (reported from the background, rejected by flush) and leaves the events recorded and to be indexed', async () => {
    const db = await database();
    await createRun(db.db, 'run_a');
    let reported: (error: unknown) => void = () => {};
    const report = new Promise<unknown>((resolve) => (reported = resolve));
    const indexer = new SearchIndexer(db.db, { onError: (error) => reported(error) });
    const recorder = recorderOn(db, indexer);
    // The index gone (a broken file, a bad migration): the pass fails, the commit does not.
    const [{ sql: definition }] = await db.db.$queryRawUnsafe<{ sql: string }[]>(
      `SELECT sql FROM sqlite_master WHERE name = 'TraceEventSearch'`,
    );
    await db.db.$executeRawUnsafe('DROP TABLE "TraceEventSearch"');
    const stored = await recorder.append('run_a', toolCall(1, { note: 'persimmon' }));
    expect(stored.seq).toBe(1);
    expect(String(await report)).toMatch(/TraceEventSearch/);
    await expect(indexer.flush()).rejects.toThrow(/TraceEventSearch/);
    expect(read(db, (raw) => raw.prepare(`SELECT "indexedThrough" FROM "TraceSearchProgress"`).pluck().get())).toBe(0);

    await db.db.$executeRawUnsafe(definition);
    await indexer.flush();
    expect(matching(db, 'persimmon')).toEqual(['run_a']);
  });

  it('is one per database client', async () => {
    const db = await database();
    expect(searchIndexerFor(db.db)).toBe(searchIndexerFor(db.db));
  });
});
