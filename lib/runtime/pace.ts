import { z } from 'zod';
import type { Clock } from './clock';
import { createRandom } from './random';

/**
 * How fast a run goes, for a person watching it. The offline planner and the services answer in
 * microseconds, so a browser order would be over before its page painted; a paced run waits, on
 * the run's clock (wall time in the app), before each model step and service call, never on the
 * run's own time (RunClock), so a paced run meets what an instant one does. It is presentation only: it never
 * changes what happens (no fault rule, no event of its own), and re-runs, replays, chaos batches
 * and the scorecard run instant.
 */
export const PACES = ['instant', 'real_time', 'slow_motion'] as const;
export const paceSchema = z.enum(PACES);
export type Pace = z.infer<typeof paceSchema>;

export const PACE_LABELS: Record<Pace, string> = {
  instant: 'instant',
  real_time: 'real time',
  slow_motion: 'slow motion',
};

export type PacedWork = 'model_step' | 'service_call';

/** Milliseconds in real time; slow motion is three times as long. */
const RANGE_MS: Record<PacedWork, readonly [number, number]> = { model_step: [600, 1200], service_call: [150, 400] };
const FACTOR: Record<Pace, number> = { instant: 0, real_time: 1, slow_motion: 3 };

/**
 * The wait before one piece of work: drawn from the run's seed and the work's own key (its span,
 * step, attempt), not from a shared stream, so concurrent calls cannot swap their waits.
 */
export function paceDelayMs(pace: Pace, seed: number, work: PacedWork, key: string): number {
  if (pace === 'instant') return 0;
  const [min, max] = RANGE_MS[work];
  return createRandom(seed, `pace:${work}:${key}`).int(min, max) * FACTOR[pace];
}

/** A run's pace; it may change while the run goes (the run page's control), taking effect at the next wait. */
export interface Pacer {
  /** The pace it was created with: what the run records at its start. */
  readonly initial: Pace;
  readonly pace: Pace;
  setPace(pace: Pace): void;
  /** Waits this work's share of time on the run's clock (resolves at once when instant). */
  wait(work: PacedWork, key: string, signal?: AbortSignal): Promise<void>;
}

export function createPacer(clock: Clock, seed: number, initial: Pace): Pacer {
  let pace = initial;
  return {
    initial,
    get pace() {
      return pace;
    },
    setPace(next) {
      pace = next;
    },
    async wait(work, key, signal) {
      const ms = paceDelayMs(pace, seed, work, key);
      if (ms === 0) return;
      signal?.throwIfAborted();
      await clock.sleep(ms);
      signal?.throwIfAborted();
    },
  };
}
