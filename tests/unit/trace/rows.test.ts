import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { applyMigrations } from '@/lib/db/migrations';
import { insertStatements, type EncodedEvent } from '@/lib/trace/rows';
import type { TraceEvent } from '@/lib/trace/events';
import { toolCall } from '../../support/trace/runs';

/** The recorder's INSERT text: every row once, in order, cut by row count and by size. */

const rows: EncodedEvent[] = Array.from({ length: 23 }, (_, i) => {
  const event = {
    ...toolCall(i, { note: i % 5 === 0 ? 'x'.repeat(400) : "it's" }),
    runId: 'run_rows',
    seq: i + 1,
    ts: 1 + i / 3,
  } as TraceEvent;
  return { event, payload: JSON.stringify(event.data) };
});

function stored(statements: string[]): { seq: number; payload: string }[] {
  const db = new Database(':memory:');
  try {
    applyMigrations(db);
    db.prepare(`INSERT INTO "Run" (id, goal, model) VALUES ('run_rows', 'g', 'm')`).run();
    for (const sql of statements) db.exec(sql);
    return db.prepare('SELECT seq, payload FROM TraceEvent ORDER BY id').all() as { seq: number; payload: string }[];
  } finally {
    db.close();
  }
}

describe('insertStatements', () => {
  it.each([
    ['all in one', 100, undefined, 1],
    ['5 rows a statement', 5, undefined, 5],
    ['cut by size', 100, 1_000, null],
  ] as const)('%s: every row once, in order', (_, perStatement, maxChars, count) => {
    const statements = insertStatements(rows, perStatement, maxChars);
    if (count !== null) expect(statements).toHaveLength(count);
    else {
      expect(statements.length).toBeGreaterThan(5);
      // Over the limit only when one row alone is longer.
      expect(statements.every((sql) => sql.length < 1_000 || !sql.includes('),('))).toBe(true);
    }
    expect(stored(statements)).toEqual(rows.map((r) => ({ seq: r.event.seq, payload: r.payload })));
  });
});
