import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '@/lib/runtime/clock';
import { createPacer, paceDelayMs, PACES } from '@/lib/runtime/pace';
import { runStartedDataSchema, type TraceEvent } from '@/lib/trace/events';
import { createCheckoutHarness, type Harness } from '../../support/checkout-harness';

describe('paceDelayMs', () => {
  it('is 600–1200 ms per model step and 150–400 ms per service call in real time, three times that in slow motion, 0 instant', () => {
    for (let i = 0; i < 200; i++) {
      const model = paceDelayMs('real_time', 7, 'model_step', `s${i}`);
      const service = paceDelayMs('real_time', 7, 'service_call', `s${i}`);
      expect(model).toBeGreaterThanOrEqual(600);
      expect(model).toBeLessThanOrEqual(1200);
      expect(service).toBeGreaterThanOrEqual(150);
      expect(service).toBeLessThanOrEqual(400);
      expect(paceDelayMs('slow_motion', 7, 'model_step', `s${i}`)).toBe(model * 3);
      expect(paceDelayMs('instant', 7, 'model_step', `s${i}`)).toBe(0);
    }
  });

  it('is the same for the same seed and key, and varies with either', () => {
    const draws = (seed: number) =>
      Array.from({ length: 20 }, (_, i) => paceDelayMs('real_time', seed, 'model_step', `s${i}:1:1`));
    expect(draws(3)).toEqual(draws(3));
    expect(draws(3)).not.toEqual(draws(4));
    expect(new Set(draws(3)).size).toBeGreaterThan(5);
  });

  it('a pacer waits on the clock it is given, and a change of pace applies to the next wait', async () => {
    const clock = new ManualClock(0);
    const pacer = createPacer(clock, 1, 'real_time');
    await pacer.wait('service_call', 'a');
    expect(clock.now()).toBe(paceDelayMs('real_time', 1, 'service_call', 'a'));
    pacer.setPace('instant');
    const before = clock.now();
    await pacer.wait('model_step', 'b');
    expect(clock.now()).toBe(before);
    // The trace contract names the same paces (events.ts imports nothing but zod, so it spells them out).
    expect(runStartedDataSchema.shape.pace.unwrap().options).toEqual([...PACES]);
  });
});

describe('a paced run (offline planner, manual clock)', () => {
  let harnesses: Harness[] = [];
  afterEach(async () => {
    await Promise.all(harnesses.map((h) => h.dispose()));
    harnesses = [];
  });

  async function pacedRun(
    pace: 'instant' | 'real_time' | 'slow_motion',
    seed: number,
    mode: 'agents' | 'orchestrator' = 'agents',
  ) {
    const h = await createCheckoutHarness();
    harnesses.push(h);
    const [result] = await h.order({ customerId: 'cus_ada', pace, seed, mode });
    return { result, events: await h.events(result.runId) };
  }
  const latencies = (events: TraceEvent[], type: 'model.step' | 'tool.result') =>
    events.flatMap((e) =>
      e.type === type && (e.type === 'model.step' || e.data.service) ? [e.data.latencyMs ?? -1] : [],
    );

  it('records its pace, takes model steps and service calls at a watchable pace, and injects no fault', async () => {
    const { result, events } = await pacedRun('real_time', 5);
    expect(result.status).toBe('succeeded');
    const started = events.find((e) => e.type === 'run.started');
    expect(started?.type === 'run.started' && started.data.pace).toBe('real_time');
    const steps = latencies(events, 'model.step');
    const calls = latencies(events, 'tool.result');
    expect(steps.length).toBeGreaterThan(5);
    expect(calls.length).toBeGreaterThan(5);
    for (const ms of steps) expect(ms).toBeGreaterThanOrEqual(600);
    for (const ms of calls) expect(ms).toBeGreaterThanOrEqual(150);
    expect(events.some((e) => e.type === 'fault.injected')).toBe(false);
  });

  it('is deterministic from the seed: the same waits twice, three times as long in slow motion', async () => {
    const [a, b, slow] = [
      await pacedRun('real_time', 9),
      await pacedRun('real_time', 9),
      await pacedRun('slow_motion', 9),
    ];
    expect(latencies(a.events, 'model.step')).toEqual(latencies(b.events, 'model.step'));
    expect(latencies(a.events, 'tool.result')).toEqual(latencies(b.events, 'tool.result'));
    expect(latencies(slow.events, 'model.step')).toEqual(latencies(a.events, 'model.step').map((ms) => ms * 3));
  });

  it('paces the classic orchestrator too, and an order that asks for no pace is instant', async () => {
    const classic = await pacedRun('real_time', 2, 'orchestrator');
    for (const ms of latencies(classic.events, 'tool.result')) expect(ms).toBeGreaterThanOrEqual(150);
    const instant = await pacedRun('instant', 2);
    expect(latencies(instant.events, 'model.step').every((ms) => ms === 0)).toBe(true);
    const started = instant.events.find((e) => e.type === 'run.started');
    expect(started?.type === 'run.started' && started.data.pace).toBe('instant');
  });
});
