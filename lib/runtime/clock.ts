/**
 * Time, passed in rather than read from globals, so that a run can be reproduced
 * exactly (a manual clock in tests and re-runs; the system clock in the app).
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Waits ms milliseconds of this clock's time. */
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

/**
 * A clock that only moves when told to, or when someone sleeps on it: sleeping
 * advances time at once. Deterministic runs (tests, re-runs, the chaos scorecard) use it.
 */
export class ManualClock implements Clock {
  #now: number;

  constructor(start: number = Date.UTC(2026, 0, 1)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  advance(ms: number): void {
    this.#now += Math.max(0, ms);
  }

  async sleep(ms: number): Promise<void> {
    this.advance(ms);
  }
}

/**
 * A run's own time: it starts when the run starts and moves only when the run waits (a backoff,
 * a retry-after, an injected latency, a look for a requested card that has not arrived), by
 * exactly the time waited. What a run meets (a card that arrives 2 s after it was asked for, a fault
 * window, a card's expiry) therefore follows its own steps, never how long the machine took to think
 * between them: the same run on an idle machine, a busy one, another store or in a re-run meets the
 * same things.
 *
 * A wait really takes its time on the pace clock (the system clock in the app, so a live run still
 * looks as slow as it is; a manual one in tests and re-runs). Concurrent waits overlap: each ends at
 * the run time it started at plus its length, and the run's time is the latest of those.
 */
export class RunClock implements Clock {
  readonly #pace: Clock;
  #now: number;

  constructor(start: number, pace: Clock) {
    this.#now = start;
    this.#pace = pace;
  }

  now(): number {
    return this.#now;
  }

  async sleep(ms: number): Promise<void> {
    const wakeAt = this.#now + Math.max(0, ms);
    await this.#pace.sleep(ms);
    this.#now = Math.max(this.#now, wakeAt);
  }

  /**
   * For what a run measures rather than decides on (latencies, durations): readings of the pace clock,
   * so a slow model call shows its real latency, while its waits still move the run's time.
   */
  get stopwatch(): Clock {
    return { now: () => this.#pace.now(), sleep: (ms) => this.sleep(ms) };
  }
}
