import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineOf, postgresUrlOf, registerEngine } from '@/lib/db/engine';
import { ManualClock } from '@/lib/runtime/clock';
import { createRandom } from '@/lib/runtime/random';
import { InProcessTraceBus } from '@/lib/trace/bus';
import { InvalidTraceEventError, type TraceEvent } from '@/lib/trace/events';
import { loadEvents } from '@/lib/trace/event-log';
import { RecorderError, TraceRecorder, type RecorderOptions } from '@/lib/trace/recorder';
import { createTestDatabase, openTestReader, type TestDatabase, type TestReader } from '../../support/test-db';
import { createRun, runFinished, runStarted, toolCall } from '../../support/trace/runs';

let t: TestDatabase;
let reader: TestReader;

beforeAll(async () => {
  t = await createTestDatabase({ seed: false });
  // A second connection, as another process would read: proves what is committed, not what is cached.
  reader = await openTestReader(t);
});
afterAll(async () => {
  await reader.close();
  await t.dispose();
});

const storedSeqs = async (runId: string): Promise<number[]> =>
  (await reader.all<{ seq: number }>('SELECT "seq" FROM "TraceEvent" WHERE "runId" = ? ORDER BY "seq"', runId)).map(
    (r) => r.seq,
  );
const isStored = async (runId: string, seq: number): Promise<boolean> =>
  (await reader.all('SELECT 1 FROM "TraceEvent" WHERE "runId" = ? AND "seq" = ?', runId, seq)).length > 0;
const range = (n: number, from = 1) => Array.from({ length: n }, (_, i) => from + i);

function recorder(options: Partial<RecorderOptions> = {}) {
  const bus = new InProcessTraceBus();
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  return { bus, clock, recorder: new TraceRecorder({ db: t.db, bus, clock, ...options }) };
}

describe('recorder', () => {
  it('gives concurrent runs gap-free, unique seqs, and publishes each run in seq order', async () => {
    const { recorder: rec, bus } = recorder({ maxBatch: 300 });
    const runs = range(12).map((i) => `concurrent_${i}`);
    await Promise.all(runs.map((id) => createRun(t.db, id)));
    const published = new Map<string, number[]>(runs.map((id) => [id, []]));
    bus.subscribeAll((e) => published.get(e.runId)?.push(e.seq));

    // Half the runs await each append (an agent loop), the other half fire bursts, all interleaved.
    const random = createRandom(5, 'recorder-test');
    const perRun = 150;
    const resolved = await Promise.all(
      runs.map(async (id, i) => {
        const seqs: number[] = [];
        for (let n = 0; n < perRun; ) {
          if (i % 2 === 0) {
            seqs.push((await rec.append(id, toolCall(n++))).seq);
          } else {
            const burst = Math.min(perRun - n, random.int(1, 40));
            const events = await Promise.all(range(burst).map(() => rec.append(id, toolCall(n++))));
            seqs.push(...events.map((e) => e.seq));
          }
          if (random.next() < 0.3) await new Promise((r) => setImmediate(r));
        }
        return seqs;
      }),
    );

    for (const [i, id] of runs.entries()) {
      expect(resolved[i]).toEqual(range(perRun));
      expect(await storedSeqs(id)).toEqual(range(perRun));
      expect(published.get(id)).toEqual(range(perRun));
    }
  });

  it('resolves and publishes an event only once another connection can read it', async () => {
    const { recorder: rec, bus } = recorder();
    await createRun(t.db, 'durable');
    // Asked the moment each event is published (the answer arrives later; rows are never deleted).
    const visibleWhenPublished: Promise<boolean>[] = [];
    bus.subscribe('durable', (e) => visibleWhenPublished.push(isStored('durable', e.seq)));
    const events = await Promise.all(range(50).map((n) => rec.append('durable', toolCall(n))));
    expect(await Promise.all(events.map((e) => isStored('durable', e.seq)))).toEqual(range(50).map(() => true));
    expect(await Promise.all(visibleWhenPublished)).toEqual(range(50).map(() => true));
  });

  it('stamps ts from its clock (or keeps a replayed ts) and numbers appends in call order', async () => {
    const { recorder: rec, clock } = recorder();
    await createRun(t.db, 'stamped');
    const first = rec.append('stamped', runStarted);
    clock.advance(250);
    const second = rec.append('stamped', toolCall(1));
    const third = rec.append('stamped', { ...toolCall(2), ts: 42 });
    expect((await Promise.all([first, second, third])).map((e) => [e.seq, e.ts])).toEqual([
      [1, Date.UTC(2026, 0, 1)],
      [2, Date.UTC(2026, 0, 1) + 250],
      [3, 42],
    ]);
  });

  it('stores the envelope, the payload and the denormalized columns', async () => {
    const { recorder: rec } = recorder();
    await createRun(t.db, 'columns');
    await rec.append('columns', {
      type: 'tool.call',
      spanId: 's1',
      parentSpanId: 'run',
      agent: 'PaymentAgent',
      data: { toolName: 'authorize', toolCallId: 'c1', input: { card: "o'brien" }, service: 'payment' },
    });
    await rec.append('columns', {
      type: 'fault.injected',
      spanId: 's1',
      parentSpanId: 'run',
      agent: 'PaymentAgent',
      data: {
        ruleId: 'r',
        ruleName: 'n',
        service: 'payment',
        operation: 'authorize',
        kind: 'decline',
        effect: 'card_declined',
      },
    });
    await rec.append('columns', {
      type: 'tool.result',
      spanId: 's1',
      parentSpanId: 'run',
      agent: 'PaymentAgent',
      data: {
        toolName: 'authorize',
        toolCallId: 'c1',
        status: 'error',
        error: { code: 'card_declined', message: 'no', retryable: false },
        latencyMs: 3,
      },
    });
    await rec.append('columns', { ...runFinished, data: { status: 'failed', outcome: 'x', durationMs: 5 } });
    const rows = await reader.all(
      'SELECT "seq", "type", "agent", "toolName", "status", "errorCode", "faultKind" FROM "TraceEvent" WHERE "runId" = ? ORDER BY "seq"',
      'columns',
    );
    expect(rows).toEqual([
      {
        seq: 1,
        type: 'tool.call',
        agent: 'PaymentAgent',
        toolName: 'authorize',
        status: null,
        errorCode: null,
        faultKind: null,
      },
      {
        seq: 2,
        type: 'fault.injected',
        agent: 'PaymentAgent',
        toolName: null,
        status: null,
        errorCode: null,
        faultKind: 'decline',
      },
      {
        seq: 3,
        type: 'tool.result',
        agent: 'PaymentAgent',
        toolName: 'authorize',
        status: 'error',
        errorCode: 'card_declined',
        faultKind: null,
      },
      { seq: 4, type: 'run.finished', agent: null, toolName: null, status: 'error', errorCode: null, faultKind: null },
    ]);
  });

  it('round-trips awkward text (quotes, NUL, emoji, SQL) through columns and payload', async () => {
    const { recorder: rec } = recorder();
    await createRun(t.db, 'awkward');
    if (t.engine === 'postgresql') {
      // PostgreSQL text cannot hold NUL at all: such an event is refused, and the run goes on gap-free.
      const withNul = {
        type: 'tool.call',
        spanId: 'a\0b',
        parentSpanId: 'run',
        agent: null,
        data: { toolName: 't', toolCallId: 'c', input: {} },
      } as const;
      await expect(rec.append('awkward', withNul)).rejects.toMatchObject({ code: 'persist_failed' });
    }
    const nasty = `it's ${t.engine === 'postgresql' ? '' : '\0 '}a '); DROP TABLE "TraceEvent"; -- 🛒 \u2028 end`;
    const sent = await rec.append('awkward', {
      type: 'tool.call',
      spanId: nasty,
      parentSpanId: 'run',
      agent: nasty,
      data: { toolName: nasty, toolCallId: 'c', input: { nasty } },
    });
    const [stored] = await loadEvents(t.db, 'awkward');
    expect(stored).toEqual(sent);
    expect(stored.spanId).toBe(nasty);
  });

  it('continues a run from MAX(seq) after a restart', async () => {
    await createRun(t.db, 'restart');
    const first = recorder().recorder;
    await Promise.all(range(3).map((n) => first.append('restart', toolCall(n))));
    const afterRestart = recorder().recorder;
    expect((await afterRestart.append('restart', toolCall(3))).seq).toBe(4);
    expect(await storedSeqs('restart')).toEqual([1, 2, 3, 4]);
  });

  it('never claims another writer’s row as its own when two recorders race on one run', async () => {
    await createRun(t.db, 'race');
    const racers = range(5).map(() => recorder().recorder);
    const results = await Promise.allSettled(racers.map((rec, n) => rec.append('race', toolCall(n))));
    const won = results.flatMap((r, n) => (r.status === 'fulfilled' ? [[r.value.seq, n]] : []));
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(lost.every((r) => (r.reason as RecorderError).code === 'persist_failed')).toBe(true);
    const stored = (await loadEvents(t.db, 'race')).map((e) => [
      e.seq,
      e.type === 'tool.call' ? (e.data.input as { n: number }).n : -1,
    ]);
    expect(stored.map(([seq]) => seq)).toEqual(range(stored.length));
    expect(won.sort()).toEqual(stored.sort());
    // A loser has learnt where the log really ends and carries on after it.
    const loser = results.findIndex((r) => r.status === 'rejected');
    if (loser >= 0) expect((await racers[loser].append('race', toolCall(9))).seq).toBe(stored.length + 1);
  });

  it('refuses events of a run that does not exist, without keeping it in memory', async () => {
    const { recorder: rec } = recorder();
    const refused = rec.append('ghost', toolCall(1));
    await expect(refused).rejects.toMatchObject({ code: 'run_not_found', runId: 'ghost' });
    await expect(refused).rejects.toBeInstanceOf(RecorderError);
    await createRun(t.db, 'ghost');
    expect((await rec.append('ghost', toolCall(2))).seq).toBe(1);
  });

  it('refuses events after the run has ended, and for a run whose row says it is over', async () => {
    const { recorder: rec } = recorder();
    await createRun(t.db, 'ended');
    await rec.append('ended', runStarted);
    const end = rec.append('ended', runFinished);
    await expect(rec.append('ended', toolCall(1))).rejects.toMatchObject({ code: 'run_closed' });
    expect((await end).seq).toBe(2);
    await expect(rec.append('ended', toolCall(2))).rejects.toMatchObject({ code: 'run_closed' });
    await createRun(t.db, 'was-done', { status: 'succeeded' });
    await expect(rec.append('was-done', toolCall(1))).rejects.toMatchObject({ code: 'run_closed' });
  });

  it('rejects an invalid or unserialisable event without using up a seq', async () => {
    const { recorder: rec } = recorder();
    await createRun(t.db, 'invalid');
    const ok1 = rec.append('invalid', toolCall(1));
    const bad = rec.append('invalid', { ...toolCall(2), type: 'tool.cal' } as unknown as ReturnType<typeof toolCall>);
    const big = rec.append('invalid', toolCall(3, { amount: 10n }));
    const ok2 = rec.append('invalid', toolCall(4));
    await expect(bad).rejects.toBeInstanceOf(InvalidTraceEventError);
    await expect(big).rejects.toThrow(/BigInt/);
    expect([(await ok1).seq, (await ok2).seq]).toEqual([1, 2]);
    await expect(rec.append('', toolCall(5))).rejects.toThrow(/runId/);
  });

  it("keeps a lone batch out of another module's open transaction: rolling that back loses no event", async () => {
    const { recorder: rec } = recorder();
    await createRun(t.db, 'inside_tx');
    let appended: Promise<TraceEvent> | null = null;
    await expect(
      t.db.$transaction(async (tx) => {
        await tx.customer.count();
        // The batch's commit comes due (a macrotask later) while this transaction is still open.
        appended = rec.append('inside_tx', toolCall(0));
        await new Promise((resolve) => setTimeout(resolve, 20));
        await tx.customer.count();
        throw new Error('the service gave up');
      }),
    ).rejects.toThrow('the service gave up');
    expect((await appended!).seq).toBe(1);
    expect(await storedSeqs('inside_tx')).toEqual([1]);
  });

  it('flush() waits for every append made before it', async () => {
    const { recorder: rec } = recorder();
    await createRun(t.db, 'flushed');
    const settled: number[] = [];
    for (const n of range(500)) void rec.append('flushed', toolCall(n)).then((e) => settled.push(e.seq));
    await rec.flush();
    expect(await storedSeqs('flushed')).toHaveLength(500);
    await Promise.resolve();
    expect(settled).toHaveLength(500);
  });
});

describe('recorder when persisting fails', () => {
  // A real database failure: the database refuses rows whose payload says "poison".
  beforeAll(async () => {
    if (t.engine === 'postgresql') {
      await t.db.$executeRawUnsafe(
        `CREATE FUNCTION poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'poisoned row refused'; END $$`,
      );
      await t.db.$executeRawUnsafe(
        `CREATE TRIGGER poison BEFORE INSERT ON "TraceEvent" FOR EACH ROW WHEN (NEW.payload LIKE '%poison%') EXECUTE FUNCTION poison()`,
      );
    } else {
      await t.db.$executeRawUnsafe(
        `CREATE TRIGGER poison BEFORE INSERT ON "TraceEvent" WHEN NEW.payload LIKE '%poison%' BEGIN SELECT RAISE(ABORT, 'poisoned row refused'); END`,
      );
    }
  });
  afterAll(async () => {
    await t.db.$executeRawUnsafe(
      t.engine === 'postgresql' ? 'DROP TRIGGER poison ON "TraceEvent"' : 'DROP TRIGGER poison',
    );
  });

  it('rejects the failed events, gives their seqs to the events behind them, and leaves no gap', async () => {
    const { recorder: rec, bus } = recorder({ maxBatch: 1 });
    await createRun(t.db, 'poisoned');
    const published: number[] = [];
    bus.subscribe('poisoned', (e) => published.push(e.seq));
    const appends = [toolCall(1), toolCall(2), toolCall(3, { poison: true }), toolCall(4), toolCall(5)].map((e) =>
      rec.append('poisoned', e),
    );
    const results = await Promise.allSettled(appends);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value.seq : (r.reason as RecorderError).code))).toEqual([
      1,
      2,
      'persist_failed',
      3,
      4,
    ]);
    expect(String((results[2] as PromiseRejectedResult).reason)).toMatch(/poisoned row refused/);
    expect(await storedSeqs('poisoned')).toEqual([1, 2, 3, 4]);
    expect(published).toEqual([1, 2, 3, 4]);
    const inputs = (await loadEvents(t.db, 'poisoned')).map((e) =>
      e.type === 'tool.call' ? (e.data.input as { n: number }).n : null,
    );
    expect(inputs).toEqual([1, 2, 4, 5]);
  });

  it('does not let one run’s failure sink another run in the same batch', async () => {
    const { recorder: rec } = recorder();
    await Promise.all([createRun(t.db, 'sick'), createRun(t.db, 'healthy')]);
    const appends: Promise<TraceEvent>[] = [];
    for (const n of range(20)) {
      appends.push(rec.append('healthy', toolCall(n)));
      appends.push(rec.append('sick', toolCall(n, n === 10 ? { poison: true } : {})));
    }
    await Promise.allSettled(appends);
    expect(await storedSeqs('healthy')).toEqual(range(20));
    const sick = await storedSeqs('sick');
    expect(sick).toEqual(range(sick.length)); // gap-free, whatever was refused
    expect(sick.length).toBeLessThan(20);
  });

  it('lets a run end that failed to persist be recorded again', async () => {
    const { recorder: rec } = recorder();
    await createRun(t.db, 'retry-end');
    await rec.append('retry-end', runStarted);
    await expect(
      rec.append('retry-end', { ...runFinished, data: { status: 'failed', outcome: 'poison', durationMs: 1 } }),
    ).rejects.toMatchObject({ code: 'persist_failed' });
    expect((await rec.append('retry-end', runFinished)).seq).toBe(2);
  });

  it('refuses a run loudly when it cannot tell what was stored', async () => {
    const db = await createTestDatabase({ seed: false });
    try {
      // No search indexing: its pass after the first commit would meet the dropped table too, and say so.
      const rec = new TraceRecorder({
        db: db.db,
        bus: new InProcessTraceBus(),
        clock: new ManualClock(),
        searchIndexer: null,
      });
      await createRun(db.db, 'lost');
      await rec.append('lost', toolCall(1));
      await db.db.$executeRawUnsafe(
        db.engine === 'postgresql' ? 'DROP TABLE "TraceEvent" CASCADE' : 'DROP TABLE "TraceEvent"',
      );
      await expect(rec.append('lost', toolCall(2))).rejects.toMatchObject({ code: 'persist_failed' });
      await expect(rec.append('lost', toolCall(3))).rejects.toThrow(/state is unknown/);
    } finally {
      await db.dispose();
    }
  });
});

describe('a run said to begin empty', () => {
  /** The client, with the reads of Run rows and of the event log counted (everything else as it is). */
  function readsCounted(reads: string[]): TestDatabase['db'] {
    const counted = (model: 'run' | 'traceEvent') =>
      new Proxy(t.db[model], {
        get(target, prop, receiver) {
          const value = Reflect.get(target, prop, receiver) as unknown;
          if (typeof value !== 'function' || !String(prop).startsWith('find')) return value;
          return (...args: unknown[]) => {
            reads.push(`${model}.${String(prop)}`);
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      });
    const db = new Proxy(t.db, {
      get(target, prop) {
        if (prop === 'run' || prop === 'traceEvent') return counted(prop);
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    // The recorder picks its SQL by the client's engine.
    registerEngine(db, engineOf(t.db), postgresUrlOf(t.db));
    return db;
  }

  it('is numbered from 1 without its row or its log read again; a run not said so is read first', async () => {
    const reads: string[] = [];
    // No search indexing: its passes would run on this wrapper after the test's database is gone.
    const rec = new TraceRecorder({
      db: readsCounted(reads),
      bus: new InProcessTraceBus(),
      clock: new ManualClock(0),
      searchIndexer: null,
    });
    await createRun(t.db, 'begins_empty');
    rec.beginsEmpty('begins_empty');
    const events = await Promise.all([rec.append('begins_empty', runStarted), rec.append('begins_empty', toolCall(1))]);
    expect(events.map((e) => e.seq)).toEqual([1, 2]);
    expect(await storedSeqs('begins_empty')).toEqual([1, 2]);
    expect(reads).toEqual([]);
    // Said again once the recorder knows the run: nothing changes.
    rec.beginsEmpty('begins_empty');
    expect((await rec.append('begins_empty', toolCall(2))).seq).toBe(3);

    await createRun(t.db, 'read_first');
    await rec.append('read_first', runStarted);
    expect(reads.sort()).toEqual(['run.findUnique', 'traceEvent.findFirst']);
  });
});
