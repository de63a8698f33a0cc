import { z } from 'zod';
import { PACES } from '@/lib/runtime/pace';
import { RUN_MODES } from './order-request';
import { readRunSettings } from './run-settings';

/**
 * A run waiting to be worked: its Run row exists (snapshots taken, the caller already has its id);
 * what is not on the row travels with it. The same shape in memory and in pg-boss's job table.
 */
export const runJobSchema = z.object({
  runId: z.string().min(1),
  orderId: z.string().min(1),
  mode: z.enum(RUN_MODES),
  model: z.string().min(1),
  seed: z.number().int(),
  faultPreset: z.string().min(1).optional(),
  pace: z.enum(PACES).optional(),
  /** When the run was placed: its own time starts here, and its order's preset rules are dated from it. */
  startedAt: z.number(),
});
export type RunJob = z.infer<typeof runJobSchema>;

/**
 * How many runs this process executes at once (RUN_CONCURRENCY): the others wait, in order, for a
 * slot. On SQLite that wait is the run queue, in memory (what it holds is lost with the process:
 * start-up recovery then settles a run that never started); on PostgreSQL the queue is durable
 * (lib/checkout/pg-run-queue.ts) and an instance fetches a job only when it has a slot free.
 */
export class RunSlots {
  readonly #waiting: (() => void)[] = [];
  #busy = 0;

  constructor(readonly size: number) {}

  get free(): number {
    return Math.max(0, this.size - this.#busy);
  }

  /** Waits for a slot; the returned function gives it back (once). */
  async take(): Promise<() => void> {
    if (this.#busy >= this.size) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#busy++;
    let given = false;
    return () => {
      if (given) return;
      given = true;
      this.#busy--;
      this.#waiting.shift()?.();
    };
  }

  /** Holds a slot until the work's promise settles. */
  async hold<T>(work: () => Promise<T>): Promise<T> {
    const giveBack = await this.take();
    try {
      return await work();
    } finally {
      giveBack();
    }
  }
}

const SLOTS_KEY = Symbol.for('agent-checkout.run-slots');
type GlobalWithSlots = typeof globalThis & { [SLOTS_KEY]?: RunSlots };

/** This process's run slots, sized by RUN_CONCURRENCY. */
export function runSlots(): RunSlots {
  const g = globalThis as GlobalWithSlots;
  return (g[SLOTS_KEY] ??= new RunSlots(readRunSettings().concurrency));
}

/** A run queue every instance on one database works (pg-boss on PostgreSQL). */
export interface DurableRunQueue {
  /** Queues the run for whichever instance has a slot free first. */
  submit(job: RunJob): Promise<void>;
  /** Runs queued and not yet started by any instance (or fetched by one that may have died before starting them). */
  pendingRunIds(): Promise<Set<string>>;
}

const QUEUE_KEY = Symbol.for('agent-checkout.durable-run-queue');
type GlobalWithQueue = typeof globalThis & { [QUEUE_KEY]?: WeakMap<object, DurableRunQueue> };

function durableQueues(): WeakMap<object, DurableRunQueue> {
  const g = globalThis as GlobalWithQueue;
  return (g[QUEUE_KEY] ??= new WeakMap());
}

/** Start-up registers the durable queue of the app's database; runs placed on that database go through it. */
export function setDurableRunQueue(db: object, queue: DurableRunQueue): void {
  durableQueues().set(db, queue);
}

export function durableRunQueueFor(db: object): DurableRunQueue | undefined {
  return durableQueues().get(db);
}
