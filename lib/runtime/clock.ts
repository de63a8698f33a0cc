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
