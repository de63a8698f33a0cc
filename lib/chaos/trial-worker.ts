/**
 * A worker thread of the scorecard's trial pool (./trial-pool.ts): resolves the models from the
 * environment it is handed, then runs each trial it is sent and posts the outcome back, with a tick
 * per finished order for the progress bar.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { z } from 'zod';
import { modelsFromEnv } from '@/lib/checkout/app-services';
import { adoptScratchTemplate } from '@/lib/db/scratch';
import { runTrial, type TrialUnit } from './trial';
import type { WorkerReply } from './trial-pool';

const setupSchema = z.object({ env: z.record(z.string(), z.string().optional()) });
const requestSchema = z.object({
  index: z.number().int().min(0),
  /** The pool's seeded store template, copied instead of migrating one of this thread's own. */
  template: z.string().min(1),
  unit: z.custom<TrialUnit>(
    (v) => typeof v === 'object' && v !== null && 'orders' in v && 'schedules' in v && 'mode' in v,
  ),
});

const port = parentPort;
if (!port) throw new Error('trial-worker.ts runs as a worker thread of lib/chaos/trial-pool.ts');
const { env } = setupSchema.parse(workerData);
const modelFor = modelsFromEnv(env);
const models = { modelFor, label: modelFor('CheckoutAgent').label };
const post = (reply: WorkerReply) => port.postMessage(reply);

port.on('message', (message: unknown) => {
  const { index, unit, template } = requestSchema.parse(message);
  adoptScratchTemplate(true, template);
  runTrial(unit, models, () => post({ type: 'order', index })).then(
    (outcome) => post({ type: 'done', index, outcome }),
    (error: unknown) =>
      post({ type: 'failed', index, message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
