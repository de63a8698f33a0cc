import { beforeAll, describe, expect, it } from 'vitest';
import { GET as listRuns } from '@/app/api/runs/route';
import { GET as liveRuns, HEAD as liveHead } from '@/app/api/runs/live/route';
import { openHistoryStream, type ReadyFrame, type RunChangeFrame } from '@/lib/history/live-stream';
import { systemClock } from '@/lib/runtime/clock';
import { getTraceBus } from '@/lib/trace/bus';
import { getRecorder, type TraceRecorder } from '@/lib/trace/recorder';
import { finishRun } from '@/lib/trace/runs';
import { readSse, type SseFrame } from '@/scripts/bench/support/sse-reader';
import { createCheckoutHarness } from '../support/checkout-harness';
import { withAppDatabase } from '../support/app-database';
import { createRun, runStarted, toolCall } from '../support/trace/runs';
import { apiErrorBodySchema } from '@/lib/wire/errors';
import { historyPageSchema } from '@/lib/wire/history';

const app = withAppDatabase();
let recorder: TraceRecorder;
beforeAll(async () => {
  recorder = await getRecorder();
});

/** Frames as they arrive: `until(p)` resolves with every frame up to the first one p accepts. */
function follow(body: ReadableStream<Uint8Array>) {
  const frames: SseFrame[] = [];
  const waiters: { predicate: (f: SseFrame) => boolean; resolve: () => void }[] = [];
  const done = (async () => {
    for await (const frame of readSse(body)) {
      frames.push(frame);
      for (const w of [...waiters])
        if (w.predicate(frame)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
    }
  })();
  return {
    frames,
    done,
    until(predicate: (f: SseFrame) => boolean): Promise<void> {
      if (frames.some(predicate)) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ predicate, resolve }));
    },
  };
}

const runFrames = (frames: SseFrame[]) =>
  frames.filter((f) => f.event === 'run').map((f) => JSON.parse(f.data) as RunChangeFrame);
const isChange = (runId: string, change: RunChangeFrame['change']) => (f: SseFrame) =>
  f.event === 'run' &&
  (JSON.parse(f.data) as RunChangeFrame).run.id === runId &&
  (JSON.parse(f.data) as RunChangeFrame).change === change;

describe('GET /api/runs/live', () => {
  it('refuses bad filters and resume points with 400 naming the field; HEAD answers headers only', async () => {
    const fields = async (res: Response) =>
      apiErrorBodySchema
        .parse(await res.json())
        .error.fields.map((f) => f.path)
        .sort();
    const res = await liveRuns(new Request('http://test/api/runs/live?status=nope&colour=red'));
    expect(res.status).toBe(400);
    expect(await fields(res)).toEqual(['colour', 'status.0']);
    const badResume = await liveRuns(
      new Request('http://test/api/runs/live', { headers: { 'Last-Event-ID': 'yesterday' } }),
    );
    expect(badResume.status).toBe(400);
    expect(await fields(badResume)).toEqual(['Last-Event-ID']);
    expect(await fields(await liveRuns(new Request('http://test/api/runs/live?since=-5')))).toEqual(['since']);
    const head = liveHead(new Request('http://test/api/runs/live?status=failed'));
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toContain('text/event-stream');
    expect(head.body).toBeNull();
    expect(liveHead(new Request('http://test/api/runs/live?status=nope')).status).toBe(400);
  });

  it('says ready, then sends each run as it starts, progresses and ends, with whether it matches the filters', async () => {
    const aborted = new AbortController();
    // Kept referenced: undici's Request follows the caller's signal only while the Request is alive.
    const request = new Request('http://test/api/runs/live?tool=payment_capture&sort=cost&limit=5', {
      signal: aborted.signal,
    });
    const res = await liveRuns(request);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    expect(res.headers.get('cache-control')).toContain('no-transform');
    const stream = follow(res.body!);
    await stream.until((f) => f.event === 'ready');
    expect(JSON.parse(stream.frames.find((f) => f.event === 'ready')!.data)).toEqual({
      resumed: false,
    } satisfies ReadyFrame);

    await createRun(app.db, 'run_live_a', { status: 'running' });
    await recorder.append('run_live_a', runStarted);
    await stream.until(isChange('run_live_a', 'run.started'));
    await recorder.append('run_live_a', { ...toolCall(1), data: { ...toolCall(1).data, toolName: 'payment_capture' } });
    await stream.until(isChange('run_live_a', 'run.progress'));
    await finishRun({ db: app.db, recorder, clock: systemClock }, 'run_live_a', {
      status: 'succeeded',
      outcome: 'placed',
    });
    await stream.until(isChange('run_live_a', 'run.finished'));

    const frames = runFrames(stream.frames);
    const started = frames.find((f) => f.change === 'run.started')!;
    const progress = frames.find((f) => f.change === 'run.progress')!;
    const finished = frames.find((f) => f.change === 'run.finished')!;
    expect(started).toMatchObject({ matches: false, run: { id: 'run_live_a', status: 'running', eventCount: 1 } });
    expect(progress).toMatchObject({ matches: true, run: { status: 'running', eventCount: 2, toolCallCount: 1 } });
    expect(finished).toMatchObject({ matches: true, run: { status: 'succeeded', eventCount: 3 } });
    // The last line says what the list says.
    const listed = historyPageSchema.parse(
      await (await listRuns(new Request('http://test/api/runs?tool=payment_capture'))).json(),
    );
    expect(listed.runs).toEqual([finished.run]);

    const listeners = getTraceBus().listenerCount();
    aborted.abort();
    await stream.done;
    expect(getTraceBus().listenerCount()).toBe(listeners - 1);
    expect(request.signal.aborted).toBe(true);
  });
});

describe('openHistoryStream', () => {
  it('follows real checkouts from start to end, coalescing what happens between two flushes into one frame', async () => {
    const h = await createCheckoutHarness();
    try {
      const aborted = new AbortController();
      const stream = follow(
        openHistoryStream(
          { db: h.t.db, bus: h.bus, progressMs: 3_600_000 },
          { filter: { status: ['succeeded'] }, signal: aborted.signal },
        ),
      );
      await stream.until((f) => f.event === 'ready');
      const runs = await Promise.all([h.order({ customerId: 'cus_grace' }), h.order({ customerId: 'cus_linus' })]);
      const ids = runs.flat().map((r) => r.runId);
      for (const id of ids) await stream.until(isChange(id, 'run.finished'));
      aborted.abort();
      await stream.done;

      const frames = runFrames(stream.frames);
      for (const id of ids) {
        const mine = frames.filter((f) => f.run.id === id);
        const events = await h.events(id);
        expect(mine[0].change).toBe('run.started');
        expect(mine.at(-1)!.change).toBe('run.finished');
        // Progress waits for its timer (an hour here) or rides along with a start or an end: at most one
        // frame per run per flush, and there are four urgent flushes at most (two starts, two ends).
        expect(mine.length).toBeLessThanOrEqual(4);
        expect(events.length).toBeGreaterThan(20);
        const counts = mine.map((f) => f.run.eventCount);
        expect(counts).toEqual([...counts].sort((a, b) => a - b));
        expect(mine.at(-1)!.run.eventCount).toBe(events.length);
        const row = await h.t.db.run.findUniqueOrThrow({ where: { id } });
        expect(mine.at(-1)!.run).toMatchObject({
          status: row.status,
          stepCount: row.stepCount,
          tokens: row.inputTokens + row.outputTokens,
        });
        // Only the finished, succeeded line matches status=succeeded.
        expect(mine.slice(0, -1).every((f) => !f.matches)).toBe(true);
        expect(mine.at(-1)!.matches).toBe(row.status === 'succeeded');
      }
      expect(h.bus.listenerCount()).toBe(0);
    } finally {
      await h.dispose();
    }
  });

  it('sends heartbeats, and stops listening when the client goes away', async () => {
    const h = await createCheckoutHarness();
    try {
      const aborted = new AbortController();
      const stream = follow(
        openHistoryStream({ db: h.t.db, bus: h.bus, heartbeatMs: 10 }, { filter: {}, signal: aborted.signal }),
      );
      await stream.until((f) => f.event === 'comment' && f.data === 'heartbeat');
      expect(h.bus.listenerCount()).toBe(1);
      aborted.abort();
      await stream.done;
      expect(h.bus.listenerCount()).toBe(0);
    } finally {
      await h.dispose();
    }
  });

  it('resumes after Last-Event-ID: the runs that changed meanwhile, and every run still running, then live', async () => {
    const h = await createCheckoutHarness();
    try {
      // The stream reads the same (manual) clock the runs are stamped with.
      const clock = h.clock;
      const open = (resumeFrom?: number) => {
        const aborted = new AbortController();
        const stream = follow(
          openHistoryStream({ db: h.t.db, bus: h.bus, clock }, { filter: {}, resumeFrom, signal: aborted.signal }),
        );
        return {
          stream,
          stop: async () => {
            aborted.abort();
            await stream.done;
          },
        };
      };
      const [before] = await h.order({ customerId: 'cus_ada' });
      clock.advance(60_000);
      const first = open();
      await first.stream.until((f) => f.event === 'ready');
      const lastId = Number(first.stream.frames.find((f) => f.event === 'ready')!.id);
      expect(lastId).toBe(clock.now());
      await first.stop();

      // While away: a run finishes, another is left running. An old one stays as it was.
      clock.advance(60_000);
      const [meanwhile] = await h.order({ customerId: 'cus_grace' });
      await h.t.db.run.create({ data: { id: 'run_still_running', goal: 'g', model: 'm', startedAt: new Date(0) } });
      const second = open(lastId);
      await second.stream.until((f) => f.event === 'ready');
      for (const id of [meanwhile.runId, 'run_still_running']) await second.stream.until(isChange(id, 'run.progress'));
      expect(JSON.parse(second.stream.frames.find((f) => f.event === 'ready')!.data)).toEqual({ resumed: true });
      const resent = runFrames(second.stream.frames).map((f) => f.run.id);
      expect(resent).toContain(meanwhile.runId);
      expect(resent).toContain('run_still_running');
      expect(resent).not.toContain(before.runId);
      expect(runFrames(second.stream.frames).find((f) => f.run.id === meanwhile.runId)!.run.status).toBe(
        (await h.t.db.run.findUniqueOrThrow({ where: { id: meanwhile.runId } })).status,
      );
      await second.stop();
    } finally {
      await h.dispose();
    }
  });

  it('ends by itself after a while without a run frame, so no connection is held forever', async () => {
    const h = await createCheckoutHarness();
    try {
      const stream = follow(openHistoryStream({ db: h.t.db, bus: h.bus, idleMs: 50 }, { filter: {} }));
      await stream.done;
      expect(stream.frames.map((f) => f.event)).toEqual(['ready']);
      expect(h.bus.listenerCount()).toBe(0);
    } finally {
      await h.dispose();
    }
  });
});
