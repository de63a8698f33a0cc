import { z } from 'zod';
import type { ScorecardProgress } from './scorecard';

/**
 * How far the scorecards being run in this process have got, under a key the caller chose when it
 * started one (the browser polls it while its POST is open). Kept on globalThis, so every route
 * bundle of the Next server sees the same; forgotten a minute after a scorecard ends.
 */

export const progressKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, 'progressKey: 8 to 64 letters, digits, _ or -');

export interface TrackedProgress extends ScorecardProgress {
  elapsedMs: number;
  finished: boolean;
}

interface Entry {
  done: number;
  total: number;
  startedAt: number;
  endedAt: number | null;
}

const KEEP_AFTER_END_MS = 60_000;
const KEY = Symbol.for('agent-checkout.scorecard-progress');
type GlobalWithProgress = typeof globalThis & { [KEY]?: Map<string, Entry> };
const entries = () => ((globalThis as GlobalWithProgress)[KEY] ??= new Map());

/** Starts tracking; the returned functions report progress and the end. */
export function trackScorecard(key: string, total: number): { update(progress: ScorecardProgress): void; end(): void } {
  const entry: Entry = { done: 0, total, startedAt: Date.now(), endedAt: null };
  entries().set(key, entry);
  return {
    update: (progress) => {
      entry.done = progress.done;
      entry.total = progress.total;
    },
    end: () => {
      entry.endedAt = Date.now();
      setTimeout(() => {
        if (entries().get(key) === entry) entries().delete(key);
      }, KEEP_AFTER_END_MS).unref?.();
    },
  };
}

export function scorecardProgress(key: string): TrackedProgress | null {
  const entry = entries().get(key);
  if (!entry) return null;
  return {
    done: entry.done,
    total: entry.total,
    elapsedMs: (entry.endedAt ?? Date.now()) - entry.startedAt,
    finished: entry.endedAt !== null,
  };
}
