import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type OpenedPostgresDatabase } from '@/lib/db/client';
import { ManualClock } from '@/lib/runtime/clock';
import { InProcessTraceBus } from '@/lib/trace/bus';
import type { TraceEvent } from '@/lib/trace/events';
import {
  attachPostgresBus,
  formatTracePayloads,
  parseTracePayload,
  type PostgresBusBridge,
} from '@/lib/trace/postgres-bus';
import { TraceRecorder } from '@/lib/trace/recorder';
import { finishRun } from '@/lib/trace/runs';
import { searchIndexIdle } from '@/lib/trace/search-indexer';
import { createTestDatabase, type PostgresTestDatabase } from '../support/test-db';
import { createRun, runStarted, toolCall } from '../support/trace/runs';

/**
 * Two instances on one database, as two app processes would be: each its own Prisma client (pool),
 * in-process bus and LISTEN/NOTIFY bridge. A run recorded on A is seen on B's bus in seq order, each
 * event once, with no gap, however B joins.
 */

interface Instance {
  opened: OpenedPostgresDatabase;
  bus: InProcessTraceBus;
  bridge: PostgresBusBridge;
  recorder: TraceRecorder;
}

let t: PostgresTestDatabase;
let a: Instance;
let b: Instance;
let c: Instance;

async function instance(): Promise<Instance> {
  const opened = await openDatabase({ url: t.url, seed: false });
  if (opened.engine !== 'postgresql') throw new Error('PostgreSQL expected');
  const bus = new InProcessTraceBus();
  const bridge = await attachPostgresBus({ db: opened.db, bus, url: opened.url });
  return {
    opened,
    bus,
    bridge,
    recorder: new TraceRecorder({ db: opened.db, bus, clock: new ManualClock(), maxBatch: 7 }),
  };
}

beforeAll(async () => {
  const created = await createTestDatabase({ seed: false });
  if (created.engine !== 'postgresql') throw new Error('run with vitest.postgres.config.ts');
  t = created;
  [a, b, c] = await Promise.all([instance(), instance(), instance()]);
});

afterAll(async () => {
  for (const i of [a, b, c]) {
    if (!i) continue;
    await i.bridge.close();
    await i.recorder.flush();
    await searchIndexIdle(i.opened.db);
    await i.opened.db.$disconnect();
  }
  await t?.dispose();
});

/** Waits until `done` holds, reading again after each delivery (no fixed sleep). */
async function until(done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Promise.all([b.bridge.idle(), c.bridge.idle()]);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('payloads', () => {
  it("name run ranges only, in payloads under PostgreSQL's 8000-byte limit", () => {
    const ranges = new Map(
      Array.from({ length: 400 }, (_, i) => [`run_with_a_long_identifier_${i}`, { from: i, to: i + 5 }]),
    );
    const payloads = formatTracePayloads('inst', ranges);
    expect(payloads.length).toBeGreaterThan(1);
    expect(payloads.every((p) => Buffer.byteLength(p) < 8000)).toBe(true);
    const back = new Map(payloads.flatMap((p) => [...parseTracePayload(p)!.ranges]));
    expect(back).toEqual(ranges);
    expect(parseTracePayload('no bar here')).toBeNull();
  });
});

describe('the trace bus across instances (LISTEN/NOTIFY)', () => {
  it('shows B and C a run recorded on A: in seq order, each event once, gap-free, through to its end', async () => {
    await createRun(a.opened.db, 'x1');
    const onB: TraceEvent[] = [];
    const onC: number[] = [];
    b.bus.subscribe('x1', (e) => onB.push(e));
    c.bus.subscribeAll((e) => e.runId === 'x1' && onC.push(e.seq));
    await a.recorder.append('x1', runStarted);
    // Many small batches: many NOTIFYs, some carrying several batches' ranges.
    await Promise.all(Array.from({ length: 120 }, (_, n) => a.recorder.append('x1', toolCall(n))));
    await finishRun({ db: a.opened.db, recorder: a.recorder, clock: new ManualClock(5_000) }, 'x1', {
      status: 'succeeded',
      outcome: 'done',
    });
    await until(() => onB.length >= 122 && onC.length >= 122, 'B and C to see the whole run');
    const seqs = Array.from({ length: 122 }, (_, i) => i + 1);
    expect(onB.map((e) => e.seq)).toEqual(seqs);
    expect(onC).toEqual(seqs);
    expect(onB.at(-1)?.type).toBe('run.finished');
    expect(onB[5]).toMatchObject({ runId: 'x1', type: 'tool.call' });
    // Nothing comes back to A as a second copy.
    expect(a.bus.listenerCount()).toBe(0);
  });

  it('gives a subscriber that joins mid-run everything from the next range on, with no gap and no repeat', async () => {
    await createRun(a.opened.db, 'x2');
    await a.recorder.append('x2', runStarted);
    for (let n = 0; n < 10; n++) await a.recorder.append('x2', toolCall(n));
    const seen: number[] = [];
    b.bus.subscribe('x2', (e) => seen.push(e.seq));
    for (let n = 10; n < 40; n++) await a.recorder.append('x2', toolCall(n));
    await until(() => seen.at(-1) === 41, 'B to catch up');
    expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => seen[0] + i));
    expect(seen[0]).toBeLessThanOrEqual(12);
  });

  it('carries runs recorded on B and C to A as well: every instance is a writer and a reader', async () => {
    await createRun(b.opened.db, 'y-b');
    await createRun(c.opened.db, 'y-c');
    const onA: string[] = [];
    a.bus.subscribeAll((e) => onA.push(`${e.runId}#${e.seq}`));
    await Promise.all([b.recorder.append('y-b', runStarted), c.recorder.append('y-c', runStarted)]);
    await Promise.all([b.recorder.append('y-b', toolCall(1)), c.recorder.append('y-c', toolCall(1))]);
    const deadline = Date.now() + 30_000;
    while (onA.length < 4 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(onA.sort()).toEqual(['y-b#1', 'y-b#2', 'y-c#1', 'y-c#2']);
  });
});
