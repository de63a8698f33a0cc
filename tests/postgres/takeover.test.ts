import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { recoverInterruptedRuns, TAKEOVER_GRACE_MS, takeOverOrphanedRuns } from '@/lib/checkout/recover';
import { closeRunLeases, runLeasesFor } from '@/lib/checkout/run-leases';
import { openDatabase, type OpenedPostgresDatabase } from '@/lib/db/client';
import { ManualClock } from '@/lib/runtime/clock';
import { InProcessTraceBus } from '@/lib/trace/bus';
import { loadEvents } from '@/lib/trace/event-log';
import { TraceRecorder } from '@/lib/trace/recorder';
import { searchIndexIdle } from '@/lib/trace/search-indexer';
import { createTestDatabase, type PostgresTestDatabase } from '../support/test-db';
import { runStarted } from '../support/trace/runs';

/**
 * Instances sharing one PostgreSQL database: a run another live instance executes is never settled by
 * this one's recovery; once that instance is gone (its connection, and so its run leases, lost), the
 * first instance to claim the run settles and interrupts it, once.
 */

let t: PostgresTestDatabase;
let a: OpenedPostgresDatabase;
let b: OpenedPostgresDatabase;
const now = Date.UTC(2026, 11, 3, 12);

async function open(): Promise<OpenedPostgresDatabase> {
  const opened = await openDatabase({ url: t.url, seed: false });
  if (opened.engine !== 'postgresql') throw new Error('PostgreSQL expected');
  return opened;
}

beforeAll(async () => {
  const created = await createTestDatabase({ seed: false });
  if (created.engine !== 'postgresql') throw new Error('run with vitest.postgres.config.ts');
  t = created;
  [a, b] = await Promise.all([open(), open()]);
});

afterAll(async () => {
  for (const o of [a, b]) {
    if (!o) continue;
    await searchIndexIdle(o.db);
    await closeRunLeases(o.db);
    await o.db.$disconnect();
  }
  await t?.dispose();
});

async function runOn(o: OpenedPostgresDatabase, id: string, startedAt: number): Promise<void> {
  await o.db.run.create({ data: { id, goal: 'g', model: 'offline', startedAt: new Date(startedAt) } });
  await new TraceRecorder({ db: o.db, bus: new InProcessTraceBus(), clock: new ManualClock(startedAt) }).append(
    id,
    runStarted,
  );
}

/** What a kill -9 does to an instance's connections: the server drops them (and their session locks). */
async function killLeaseConnections(): Promise<number> {
  const admin = new pg.Client({ connectionString: t.url });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ ok: boolean }>(
      `SELECT pg_terminate_backend(pid) AS ok FROM pg_locks WHERE locktype = 'advisory' AND classid = x'61636f72'::int AND pid <> pg_backend_pid() AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    return rows.length;
  } finally {
    await admin.end();
  }
}

const deps = (o: OpenedPostgresDatabase) => ({
  db: o.db,
  recorder: new TraceRecorder({ db: o.db, bus: new InProcessTraceBus(), clock: new ManualClock(now) }),
  clock: new ManualClock(now),
});

describe('run leases on a shared database', () => {
  it("leave a live instance's runs alone, and let one other instance take them over once it is gone", async () => {
    // What A says when its connection is dropped (the pg client may report the drop twice).
    const reported = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    onTestFinished(() => reported.mockRestore());
    const old = now - 5 * TAKEOVER_GRACE_MS;
    await runOn(a, 'held', old);
    await runOn(a, 'young', now - 1_000);
    await runOn(a, 'orphan', old);
    await runLeasesFor(a.db).hold('held');

    // B starts: the run A holds and the one just created stay running; the one nobody holds is settled.
    const atStart = await recoverInterruptedRuns(deps(b));
    expect(atStart.interruptedRuns).toEqual(['orphan']);
    const status = async (id: string) => (await b.db.run.findUniqueOrThrow({ where: { id } })).status;
    expect(await status('held')).toBe('running');
    expect(await status('young')).toBe('running');

    // A dies: its lease connection goes (A, were it alive, would say so). Two instances sweep at once; the run is interrupted once.
    expect(await killLeaseConnections()).toBe(1);
    await vi.waitFor(() =>
      expect(reported).toHaveBeenCalledWith('[leases] the run-lease connection failed:', expect.any(String)),
    );
    const c = await open();
    try {
      const [fromB, fromC] = await Promise.all([takeOverOrphanedRuns(deps(b)), takeOverOrphanedRuns(deps(c))]);
      expect([...fromB.interruptedRuns, ...fromC.interruptedRuns]).toEqual(['held']);
    } finally {
      await searchIndexIdle(c.db);
      await closeRunLeases(c.db);
      await c.db.$disconnect();
    }
    expect(await status('held')).toBe('interrupted');
    const events = await loadEvents(b.db, 'held');
    expect(events.filter((e) => e.type === 'run.interrupted')).toHaveLength(1);
    // Still inside the grace: another instance may be about to take its lease.
    expect(await status('young')).toBe('running');
  });

  it("closing an instance's leases lets its runs go at once, quietly, and a later call opens a new connection", async () => {
    const reported = vi.spyOn(console, 'error');
    onTestFinished(() => reported.mockRestore());
    await runLeasesFor(a.db).hold('closing');
    expect(await runLeasesFor(b.db).claim('closing')).toBe(false);

    await closeRunLeases(a.db);
    expect(await runLeasesFor(b.db).claim('closing')).toBe(true);
    await runLeasesFor(b.db).release('closing');
    expect(await runLeasesFor(a.db).claim('closing')).toBe(true);
    await runLeasesFor(a.db).release('closing');
    expect(reported).not.toHaveBeenCalled();
  });
});
