import { describe, expect, it } from 'vitest';
import type { NewTraceEvent } from '@/lib/trace/events';
import { WriteBehindSink } from '@/lib/trace/write-behind';

const event = (n: number): NewTraceEvent => ({
  type: 'faults.changed',
  spanId: 'run',
  parentSpanId: null,
  agent: null,
  data: { rules: [{ n }] },
});

/** An appender whose appends settle only when the test says so, in any order. */
function heldAppender() {
  const calls: { runId: string; event: NewTraceEvent; resolve(): void; reject(error: Error): void }[] = [];
  return {
    calls,
    append(runId: string, e: NewTraceEvent) {
      return new Promise<unknown>((resolve, reject) => {
        calls.push({ runId, event: e, resolve: () => resolve(e), reject });
      });
    },
  };
}

describe('WriteBehindSink', () => {
  it('hands each event on in call order at once, resolves before the commit, and settles once every commit has', async () => {
    const inner = heldAppender();
    const sink = new WriteBehindSink(inner);
    await sink.append('run_1', event(1));
    await sink.append('run_1', event(2));
    expect(inner.calls.map((c) => c.event)).toEqual([event(1), event(2)]);
    let settled: unknown = 'pending';
    const settling = sink.settled().then((result) => (settled = result));
    inner.calls[1].resolve();
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe('pending');
    inner.calls[0].resolve();
    await settling;
    expect(settled).toBeNull();
  });

  it('a failed commit refuses every later append with its error, and settled() reports it', async () => {
    const inner = heldAppender();
    const sink = new WriteBehindSink(inner);
    await sink.append('run_1', event(1));
    await sink.append('run_1', event(2));
    const failure = new Error('disk full');
    inner.calls[0].reject(failure);
    inner.calls[1].resolve();
    expect(await sink.settled()).toEqual({ error: failure });
    await expect(sink.append('run_1', event(3))).rejects.toBe(failure);
    expect(inner.calls).toHaveLength(2);
  });

  it('durable() is the write-ahead barrier: it waits for every commit so far, and throws a failed one', async () => {
    const inner = heldAppender();
    const sink = new WriteBehindSink(inner);
    await sink.append('run_1', event(1));
    let durable = false;
    const barrier = sink.durable().then(() => (durable = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(durable).toBe(false);
    inner.calls[0].resolve();
    await barrier;
    expect(durable).toBe(true);

    await sink.append('run_1', event(2));
    const failure = new Error('disk full');
    inner.calls[1].reject(failure);
    await expect(sink.durable()).rejects.toBe(failure);
  });
});
