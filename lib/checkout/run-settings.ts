import { z } from 'zod';

/**
 * How this instance works runs, from the environment: how many at once (RUN_CONCURRENCY; the rest
 * wait in the run queue, lib/checkout/run-queue.ts) and what becomes of a run a stopped process left
 * going (RUN_RECOVERY: `resume` it from its log where the log allows it, else settle it; `settle`:
 * always settle, the behaviour before resume existed).
 */
export interface RunSettings {
  concurrency: number;
  recovery: 'resume' | 'settle';
}

/** Enough for every demo and test scenario at once; a real model's rate limits usually say less. */
export const DEFAULT_RUN_CONCURRENCY = 32;

const concurrencySchema = z.coerce
  .number({ message: 'RUN_CONCURRENCY must be a whole number' })
  .int('RUN_CONCURRENCY must be a whole number')
  .min(1, 'RUN_CONCURRENCY must be at least 1')
  .max(1000, 'RUN_CONCURRENCY must be at most 1000');
const recoverySchema = z.enum(['resume', 'settle'], { message: 'RUN_RECOVERY must be "resume" or "settle"' });

export function readRunSettings(env: Readonly<Record<string, string | undefined>> = process.env): RunSettings {
  const rawConcurrency = env.RUN_CONCURRENCY?.trim();
  const rawRecovery = env.RUN_RECOVERY?.trim();
  const concurrency = rawConcurrency ? concurrencySchema.safeParse(rawConcurrency) : null;
  if (concurrency && !concurrency.success)
    throw new Error(
      `${concurrency.error.issues[0]?.message ?? 'RUN_CONCURRENCY is invalid'} (got "${rawConcurrency}")`,
    );
  const recovery = rawRecovery ? recoverySchema.safeParse(rawRecovery) : null;
  if (recovery && !recovery.success)
    throw new Error(`${recovery.error.issues[0]?.message ?? 'RUN_RECOVERY is invalid'} (got "${rawRecovery}")`);
  return {
    concurrency: concurrency?.data ?? DEFAULT_RUN_CONCURRENCY,
    recovery: recovery?.data ?? 'resume',
  };
}
