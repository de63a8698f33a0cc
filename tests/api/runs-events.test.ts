import { beforeAll, describe, expect, it } from 'vitest';
import { GET } from '@/app/api/runs/[id]/events/route';
import { systemClock } from '@/lib/runtime/clock';
import { getTraceBus } from '@/lib/trace/bus';
import { parseTraceEvent, type TraceEvent } from '@/lib/trace/events';
import { getRecorder, type TraceRecorder } from '@/lib/trace/recorder';
import { finishRun } from '@/lib/trace/runs';
import { openRunStream } from '@/lib/trace/sse';
import { getLiveTextHub, liveTextSchema } from '@/lib/trace/live-text';
import { serveHandler } from '@/scripts/bench/support/http-server';
import { readSse, type SseFrame } from '@/scripts/bench/support/sse-reader';
import { withAppDatabase } from '../support/app-database';
import { createRun, runStarted, toolCall } from '../support/trace/runs';
import { apiErrorBodySchema } from '@/lib/wire/errors';

const app = withAppDatabase({ seed: false });
let recorder: TraceRecorder;
beforeAll(async () => {
  recorder = await getRecorder();
});

const range = (n: number, from = 1) => Array.from({ length: n }, (_, i) => from + i);
const bus = () => getTraceBus();

function open(runId: string, options: { query?: string; lastEventId?: string; signal?: AbortSignal } = {}) {
  const headers = options.lastEventId === undefined ? undefined : { 'Last-Event-ID': options.lastEventId };
  const request = new Request(`http://test/api/runs/${encodeURIComponent(runId)}/events${options.query ?? ''}`, {
    headers,
    signal: options.signal,
  });
  return GET(request, { params: Promise.resolve({ id: runId }) });
}

/** A stream's frames as they arrive; `take(n)` waits for the next n trace frames, `rest()` for all until close. */
function follow(body: ReadableStream<Uint8Array>) {
  const frames = readSse(body);
  const seen: SseFrame[] = [];
  return {
    seen,
    async take(n: number): Promise<TraceEvent[]> {
      const events: TraceEvent[] = [];
      while (events.length < n) {
        const next = await frames.next();
        if (next.done) throw new Error(`stream closed after ${events.length} of ${n} events`);
        seen.push(next.value);
        if (next.value.event === 'trace') events.push(parseTraceEvent(JSON.parse(next.value.data)));
      }
      return events;
    },
    async rest(): Promise<SseFrame[]> {
      for await (const frame of frames) seen.push(frame);
      return seen;
    },
  };
}

const traceSeqs = (frames: SseFrame[]) => frames.filter((f) => f.event === 'trace').map((f) => Number(f.id));
const endOf = (frames: SseFrame[]) => frames.filter((f) => f.event === 'end').map((f) => JSON.parse(f.data) as unknown);

async function recordRun(runId: string, toolCalls: number): Promise<void> {
  await createRun(app.db, runId);
  await recorder.append(runId, runStarted);
  for (const n of range(toolCalls)) await recorder.append(runId, toolCall(n));
}

const finish = (runId: string) =>
  finishRun({ db: app.db, recorder, clock: systemClock }, runId, { status: 'succeeded', outcome: 'done' });

/** Waits (bounded by the test timeout, never asserting a duration) until a condition holds. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('GET /api/runs/:id/events (SSE)', () => {
  it('answers with event-stream headers, back-fills, goes live, ends and closes', async () => {
    await recordRun('live', 3);
    const res = await open('live');
    expect(res.status).toBe(200);
    expect(Object.fromEntries(res.headers)).toMatchObject({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    const stream = follow(res.body!);
    expect((await stream.take(4)).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    await recorder.append('live', toolCall(4));
    expect((await stream.take(1))[0]).toMatchObject({ seq: 5, runId: 'live', type: 'tool.call' });
    await finish('live');
    const frames = await stream.rest();
    expect(traceSeqs(frames)).toEqual(range(6));
    expect(endOf(frames)).toEqual([{ runId: 'live', lastSeq: 6, status: 'succeeded' }]);
    expect(frames.at(-1)?.event).toBe('end');
    expect(bus().listenerCount('live')).toBe(0);
  });

  it('gathers frames for a consumer that does not read, and gives them all, in order, in few chunks when it does', async () => {
    await recordRun('slow', 0);
    const res = await open('slow');
    const reader = res.body!.getReader();
    // Take the first chunk (the retry line and the back-fill), then stop reading while a flood is committed.
    await reader.read();
    await Promise.all(range(2_000).map((n) => recorder.append('slow', toolCall(n))));
    await finish('slow');
    const decoder = new TextDecoder();
    let text = '';
    let chunks = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks++;
      text += decoder.decode(value, { stream: true });
    }
    const seqs = [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
    // Nothing dropped or reordered: every seq after the back-fill, once, in order, then the end.
    expect(seqs).toEqual(range(seqs.length, seqs[0]));
    expect(seqs.at(-1)).toBe(2_002);
    expect(text.trimEnd().endsWith('"status":"succeeded"}')).toBe(true);
    // Gathered while unread (one chunk waits in the stream, the rest in one): not a chunk per committed batch.
    expect(chunks).toBeLessThanOrEqual(2);
  });

  it('gives a client that disconnects mid-run and reconnects with Last-Event-ID every event exactly once', async () => {
    await recordRun('reconnect', 10);
    const first = new AbortController();
    const one = follow((await open('reconnect', { signal: first.signal })).body!);
    await one.take(11);
    // More while connected (concurrent appends), then the client drops mid-stream...
    await Promise.all(range(20, 11).map((n) => recorder.append('reconnect', toolCall(n))));
    await one.take(7);
    // The connection drops: what was in flight is lost, and this client reads nothing more.
    first.abort();
    expect(bus().listenerCount('reconnect')).toBe(0);
    const lastSeen = traceSeqs(one.seen).at(-1)!;
    expect(lastSeen).toBe(18);
    // ...the run goes on while it is away...
    await Promise.all(range(30, 31).map((n) => recorder.append('reconnect', toolCall(n))));
    // ...and it comes back with the last id it saw (a stale ?since is overridden by the header).
    const two = follow((await open('reconnect', { lastEventId: String(lastSeen), query: '?since=3' })).body!);
    await two.take(61 - lastSeen);
    await Promise.all(range(5, 61).map((n) => recorder.append('reconnect', toolCall(n))));
    await finish('reconnect');
    const frames = await two.rest();
    expect([...traceSeqs(one.seen), ...traceSeqs(frames)]).toEqual(range(67));
    expect(endOf(frames)).toEqual([{ runId: 'reconnect', lastSeq: 67, status: 'succeeded' }]);
  });

  it('never lets events of one run into another run’s stream', async () => {
    await Promise.all([createRun(app.db, 'mine'), createRun(app.db, 'theirs')]);
    const stream = follow((await open('mine')).body!);
    await Promise.all(
      ['mine', 'theirs'].map(async (runId) => {
        await recorder.append(runId, runStarted);
        for (const n of range(40)) await recorder.append(runId, toolCall(n));
      }),
    );
    await finish('theirs');
    await finish('mine');
    const frames = await stream.rest();
    const events = frames.filter((f) => f.event === 'trace').map((f) => parseTraceEvent(JSON.parse(f.data)));
    expect(events.every((e) => e.runId === 'mine')).toBe(true);
    expect(events.map((e) => e.seq)).toEqual(range(42));
  });

  it('closes every open stream of a run when it ends, and unsubscribes them all', async () => {
    await recordRun('many-watchers', 2);
    const streams = await Promise.all(range(3).map(async () => follow((await open('many-watchers')).body!)));
    await Promise.all(streams.map((s) => s.take(3)));
    expect(bus().listenerCount('many-watchers')).toBe(3);
    await recorder.append('many-watchers', {
      type: 'run.interrupted',
      spanId: 'run',
      parentSpanId: null,
      agent: null,
      data: { reason: 'stop' },
    });
    for (const stream of streams) {
      const frames = await stream.rest();
      expect(traceSeqs(frames)).toEqual(range(4));
      expect(endOf(frames)).toEqual([{ runId: 'many-watchers', lastSeq: 4, status: 'interrupted' }]);
    }
    expect(bus().listenerCount('many-watchers')).toBe(0);
  });

  it('replays a finished run in full and closes, from ?since= or after the last id', async () => {
    await recordRun('finished', 5);
    await finish('finished');
    expect(traceSeqs(await follow((await open('finished')).body!).rest())).toEqual(range(7));
    expect(traceSeqs(await follow((await open('finished', { query: '?since=4' })).body!).rest())).toEqual([5, 6, 7]);
    const after = await follow((await open('finished', { lastEventId: '7' })).body!).rest();
    expect(after.map((f) => f.event)).toEqual(['end']);
    expect(endOf(after)).toEqual([{ runId: 'finished', lastSeq: 7, status: 'succeeded' }]);
    expect(bus().listenerCount('finished')).toBe(0);
  });

  it('sends heartbeats while the run is quiet', async () => {
    await recordRun('quiet', 0);
    const aborted = new AbortController();
    const stream = await openRunStream(
      { db: app.db, bus: bus(), heartbeatMs: 10 },
      { runId: 'quiet', afterSeq: 0, signal: aborted.signal },
    );
    const frames = readSse(stream!);
    const kinds: string[] = [];
    for await (const frame of frames) {
      kinds.push(frame.event);
      if (frame.event === 'comment') break;
    }
    aborted.abort();
    expect(kinds).toEqual(['trace', 'comment']);
    expect(bus().listenerCount('quiet')).toBe(0);
  });

  it('ends a stream whose run was closed without an end event in its log (its end could not be recorded)', async () => {
    await recordRun('unended', 2);
    const stream = await openRunStream({ db: app.db, bus: bus(), heartbeatMs: 10 }, { runId: 'unended', afterSeq: 0 });
    const following = follow(stream!);
    await following.take(3);
    await app.db.run.update({ where: { id: 'unended' }, data: { status: 'failed' } });
    const frames = await following.rest();
    expect(traceSeqs(frames)).toEqual(range(3));
    expect(endOf(frames)).toEqual([{ runId: 'unended', lastSeq: 3, status: 'failed' }]);
    expect(bus().listenerCount('unended')).toBe(0);
  });

  it('answers 404 for an unknown run and 400 naming the field for a bad cursor or id', async () => {
    const unknown = await open('nope');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'not_found' } });
    for (const [runId, options, field] of [
      ['finished', { query: '?since=-1' }, 'since'],
      ['finished', { query: '?since=abc' }, 'since'],
      ['finished', { lastEventId: 'x' }, 'Last-Event-ID'],
      ['../etc', {}, 'id'],
    ] as const) {
      const res = await open(runId, options);
      expect(res.status).toBe(400);
      const body = apiErrorBodySchema.parse(await res.json());
      expect(body.error.code).toBe('invalid_input');
      expect(body.error.fields.map((f) => f.path)).toEqual([field]);
    }
  });
});

describe('GET /api/runs/:id/events over a real HTTP connection', () => {
  it('streams live over a socket, unsubscribes when the client disconnects, and ends', async () => {
    const server = await serveHandler((request) => {
      const id = decodeURIComponent(new URL(request.url).pathname.split('/')[3] ?? '');
      return GET(request, { params: Promise.resolve({ id }) });
    });
    try {
      await recordRun('http', 1);
      const dropped = new AbortController();
      const first = await fetch(`${server.url}/api/runs/http/events`, { signal: dropped.signal });
      expect(first.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      expect(first.headers.get('cache-control')).toBe('no-cache, no-transform');
      const one = follow(first.body!);
      await one.take(2);
      await recorder.append('http', toolCall(2));
      expect((await one.take(1))[0].seq).toBe(3);
      dropped.abort();
      await until(() => bus().listenerCount('http') === 0);

      await recorder.append('http', toolCall(3));
      const second = await fetch(`${server.url}/api/runs/http/events`, { headers: { 'Last-Event-ID': '3' } });
      const two = follow(second.body!);
      expect((await two.take(1))[0].seq).toBe(4);
      await finish('http');
      const frames = await two.rest();
      expect(traceSeqs(frames)).toEqual([4, 5]);
      expect(frames.at(-1)?.event).toBe('end');
    } finally {
      await server.close();
    }
  });

  it('carries what a model is writing as thinking frames (no id), coalesced, only while the step is open', async () => {
    await recordRun('thinking', 1);
    const response = await open('thinking');
    const stream = follow(response.body!);
    await stream.take(2);
    const hub = getLiveTextHub();
    const delta = { runId: 'thinking', agent: 'PaymentAgent', agentSpanId: 's2', step: 1 };
    for (const piece of ['The primary ', 'card was ', 'declined: ', 'déjà ✓'])
      hub.push({ ...delta, kind: 'text', delta: piece });
    hub.push({ ...delta, kind: 'reasoning', delta: 'Try the backup.' });
    let thinking: SseFrame | undefined;
    // The hub flushes on a timer: poll, reading the stream one recorded event at a time.
    for (let n = 2; !thinking; n++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      await recorder.append('thinking', toolCall(n));
      await stream.take(1);
      thinking = stream.seen.find((f) => f.event === 'thinking');
    }
    expect(thinking.id).toBeUndefined();
    // Coalesced: one frame with the whole text so far, not a frame per delta.
    expect(stream.seen.filter((f) => f.event === 'thinking')).toHaveLength(1);
    expect(liveTextSchema.parse(JSON.parse(thinking.data))).toEqual({
      ...delta,
      text: 'The primary card was declined: déjà ✓',
      reasoning: 'Try the backup.',
    });
    // The step is recorded: nothing more of it goes out.
    hub.endStep('thinking', 's2', 1);
    hub.push({ ...delta, kind: 'text', delta: ' late' });
    hub.endStep('thinking', 's2', 1);
    await finish('thinking');
    const frames = await stream.rest();
    expect(frames.filter((f) => f.event === 'thinking')).toHaveLength(1);
  });
});
