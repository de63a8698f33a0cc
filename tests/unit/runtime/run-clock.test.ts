import { describe, expect, it } from 'vitest';
import { ManualClock, RunClock } from '@/lib/runtime/clock';

describe("RunClock: a run's own time", () => {
  it("starts where it is told and moves only by the run's waits, whatever the pace clock does meanwhile", async () => {
    const pace = new ManualClock(1_000);
    const run = new RunClock(50_000, pace);
    pace.advance(7_000); // the machine thinks for 7 s: the run's time does not move
    expect(run.now()).toBe(50_000);
    await run.sleep(500);
    expect(run.now()).toBe(50_500);
    // The wait really took its time on the pace clock.
    expect(pace.now()).toBe(8_500);
  });

  it('overlaps concurrent waits: each ends at the time it started plus its length', async () => {
    const run = new RunClock(0, new ManualClock());
    await Promise.all([run.sleep(1_000), run.sleep(400)]);
    expect(run.now()).toBe(1_000);
    await run.sleep(-5);
    expect(run.now()).toBe(1_000);
  });

  it("measures on the pace clock through its stopwatch, and waits on the run's time", async () => {
    const pace = new ManualClock(10);
    const run = new RunClock(100, pace);
    pace.advance(250);
    expect(run.stopwatch.now()).toBe(260);
    await run.stopwatch.sleep(40);
    expect([run.now(), pace.now()]).toEqual([140, 300]);
  });
});
