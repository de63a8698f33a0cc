import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { scratchTemplateFile } from '@/lib/db/scratch';
import { runTrial, type TrialModels, type TrialOutcome, type TrialUnit } from './trial';

/** What a worker says: an order of trial `index` finished, the trial finished, or it failed. */
export type WorkerReply =
  | { type: 'order'; index: number }
  | { type: 'done'; index: number; outcome: TrialOutcome }
  | { type: 'failed'; index: number; message: string };

export interface TrialPoolOptions {
  /** Threads to use (default: the machine's parallelism). 1: every trial in this thread, one after another. */
  workers?: number;
  /** The environment the workers resolve each agent's model from (a worker cannot be handed functions). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Called after each order of any trial, in no particular trial order. */
  onOrderDone?: () => void;
}

/** Below this many order-trials, by default, the trials run in this thread. */
const MIN_ORDER_TRIALS_FOR_WORKERS = 60;

/** How many threads a pool of `units` trials uses: never more than the cores, nor than the trials. */
export function poolSize(units: number, requested?: number): number {
  const cap = Math.max(1, Math.min(requested ?? os.availableParallelism(), os.availableParallelism()));
  return Math.max(1, Math.min(cap, units));
}

/**
 * Runs trials on up to `workers` threads. Each trial is self-contained (its own store, clock and ids),
 * so its outcome is the same whichever thread ran it and whatever ran beside it: outcomes come back in
 * the units' order, byte-identical for any number of workers. Workers resolve models from `env`; in a
 * process that cannot start a TypeScript worker (see workerEntry), the trials run here. `threads`: how
 * many threads ran them.
 */
export async function runTrials(
  units: TrialUnit[],
  models: TrialModels,
  options: TrialPoolOptions = {},
): Promise<{ outcomes: TrialOutcome[]; threads: number }> {
  const orderTrials = units.reduce((sum, unit) => sum + unit.orders.length, 0);
  // A worker costs seconds of start-up (modules, Prisma): a small card is done sooner here, unless workers are asked for.
  const size =
    options.workers === undefined && orderTrials < MIN_ORDER_TRIALS_FOR_WORKERS
      ? 1
      : poolSize(units.length, options.workers);
  const entry = size > 1 ? workerEntry() : null;
  if (entry === null) {
    const outcomes: TrialOutcome[] = [];
    for (const unit of units) outcomes.push(await runTrial(unit, models, options.onOrderDone));
    return { outcomes, threads: 1 };
  }
  const env = options.env ?? process.env;
  const outcomes: TrialOutcome[] = new Array(units.length);
  let next = 0;
  const workers = Array.from({ length: size }, () => startWorker(entry, env));
  try {
    // Made here while the workers load their modules, and copied by each of them (see adoptScratchTemplate).
    const template = await scratchTemplateFile(true);
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const give = () => {
              if (next >= units.length) return resolve();
              const index = next++;
              worker.postMessage({ index, unit: units[index], template });
            };
            worker.on('message', (reply: WorkerReply) => {
              if (reply.type === 'order') options.onOrderDone?.();
              else if (reply.type === 'failed')
                reject(new Error(`scorecard trial ${reply.index} failed in a worker: ${reply.message}`));
              else {
                outcomes[reply.index] = reply.outcome;
                give();
              }
            });
            worker.once('error', reject);
            worker.once('exit', (code) => {
              if (code !== 0) reject(new Error(`a scorecard worker exited with code ${code}`));
            });
            give();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return { outcomes, threads: size };
}

/**
 * The worker's entry (plain JavaScript that loads the TypeScript worker through tsx), or null when this
 * process cannot start one. From tsx (CLI, bench) and vitest it sits beside this module. In the Next
 * server this module is bundled and import.meta.url is the bundle's: the entry is then found in the app's
 * own folder (where the server runs), and used only if that checkout can load TypeScript (tsx is a
 * development dependency: a full install has it, `npm ci --omit=dev` does not, and the trials run here).
 */
function workerEntry(): string | null {
  if (!process.env.NEXT_RUNTIME) {
    // A path made at run time, not `new URL(…, import.meta.url)`: the Next bundler would follow that into tsx.
    return path.join(/*turbopackIgnore: true*/ path.dirname(fileURLToPath(import.meta.url)), ENTRY_FILE);
  }
  const root = /*turbopackIgnore: true*/ process.cwd();
  const entry = path.join(root, 'lib', 'chaos', ENTRY_FILE);
  try {
    createRequire(path.join(root, 'package.json')).resolve('tsx/esm/api');
  } catch {
    return null;
  }
  return existsSync(entry) ? entry : null;
}

const ENTRY_FILE = 'trial-worker-entry.mjs';

function startWorker(entry: string, env: Readonly<Record<string, string | undefined>>): Worker {
  // A young generation as large as the server's (--max-semi-space-size=64: lib/trace/README.md "Figures"):
  // a trial leaves MBs of short-lived strings that V8's default would promote and collect as old objects.
  return new Worker(entry, { workerData: { env: { ...env } }, resourceLimits: { maxYoungGenerationSizeMb: 192 } });
}
