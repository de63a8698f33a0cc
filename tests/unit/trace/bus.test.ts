import { describe, expect, it } from 'vitest';
import { InProcessTraceBus, getTraceBus } from '@/lib/trace/bus';
import type { TraceEvent } from '@/lib/trace/events';
import { sampleCheckoutRun } from '../../support/trace/sample-run';

const [a1, a2] = sampleCheckoutRun('run_a');
const [b1] = sampleCheckoutRun('run_b');

describe('in-process bus', () => {
  it('delivers a run’s events only to that run’s subscribers, and every event to subscribeAll', () => {
    const bus = new InProcessTraceBus();
    const seen = { a: [] as TraceEvent[], b: [] as TraceEvent[], all: [] as TraceEvent[] };
    bus.subscribe('run_a', (e) => seen.a.push(e));
    bus.subscribe('run_b', (e) => seen.b.push(e));
    bus.subscribeAll((e) => seen.all.push(e));
    for (const e of [a1, b1, a2]) bus.publish(e);
    expect(seen.a).toEqual([a1, a2]);
    expect(seen.b).toEqual([b1]);
    expect(seen.all).toEqual([a1, b1, a2]);
  });

  it('unsubscribes, once, and forgets runs nobody follows', () => {
    const bus = new InProcessTraceBus();
    const seen: number[] = [];
    const listener = (e: TraceEvent) => seen.push(e.seq);
    const first = bus.subscribe('run_a', listener);
    const second = bus.subscribe('run_a', listener);
    const all = bus.subscribeAll(listener);
    expect(bus.listenerCount('run_a')).toBe(2);
    first();
    first();
    bus.publish(a1);
    expect(seen).toEqual([1, 1]);
    second();
    all();
    expect(bus.listenerCount()).toBe(0);
  });

  it('keeps a throwing listener from reaching the publisher or the other listeners', () => {
    const errors: unknown[] = [];
    const bus = new InProcessTraceBus({ onListenerError: (error) => errors.push(error) });
    const seen: number[] = [];
    bus.subscribe('run_a', () => {
      throw new Error('listener bug');
    });
    bus.subscribe('run_a', (e) => seen.push(e.seq));
    expect(() => bus.publish(a1)).not.toThrow();
    expect(seen).toEqual([1]);
    expect(errors).toEqual([new Error('listener bug')]);
  });

  it('is one instance per process', () => {
    expect(getTraceBus()).toBe(getTraceBus());
  });
});
