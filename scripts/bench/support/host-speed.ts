import Database from 'better-sqlite3';

/**
 * How fast this host is right now, as the CPU time of a fixed piece of work like ours (objects, JSON and
 * regular expressions in JavaScript; indexed inserts and reads in an in-memory SQLite). The machine this runs
 * on is shared: the same code measured 34 ms and 51 ms of CPU per order half an hour apart, so a figure
 * alone cannot say whether the code or the host changed. Each section is bracketed by a measurement, kept
 * with the figures saved, and the regression guard divides it out (`hostAdjustedRatio`).
 */

const ROWS = 4_000;

function referenceWork(): void {
  const db = new Database(':memory:');
  try {
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, run TEXT NOT NULL, seq INTEGER NOT NULL, body TEXT NOT NULL)');
    db.exec('CREATE UNIQUE INDEX t_run_seq ON t (run, seq)');
    const insert = db.prepare('INSERT INTO t (run, seq, body) VALUES (?, ?, ?)');
    const read = db.prepare('SELECT body FROM t WHERE run = ? AND seq = ?').pluck();
    let words = 0;
    db.transaction(() => {
      for (let i = 0; i < ROWS; i++) {
        const event = {
          type: 'tool.result',
          seq: i,
          data: { toolName: `payment_${i % 7}`, output: { ok: true, n: i } },
        };
        insert.run(`run_${i % 13}`, i, JSON.stringify(event));
      }
    })();
    for (let i = 0; i < ROWS; i++) {
      const body = read.get(`run_${i % 13}`, i) as string;
      const parsed = JSON.parse(body) as { data: { toolName: string } };
      words += parsed.data.toolName.match(/[a-z]+_\d+/g)?.length ?? 0;
    }
    if (words !== ROWS) throw new Error('host-speed reference work went wrong');
  } finally {
    db.close();
  }
}

/** CPU milliseconds of the reference work: the least of a few tries (an interruption only adds). */
export function measureHostSpeed(tries = 5): number {
  referenceWork();
  let least = Infinity;
  for (let i = 0; i < tries; i++) {
    const before = process.cpuUsage();
    referenceWork();
    const used = process.cpuUsage(before);
    least = Math.min(least, (used.user + used.system) / 1000);
  }
  return least;
}
