import PgBoss from 'pg-boss';
import type { PrismaClient } from '@/lib/db/client';
import type { RunResult } from './run-checkout';
import { runJobSchema, type DurableRunQueue, type RunJob, type RunSlots } from './run-queue';

/** pg-boss's queue of placed runs, shared by every instance on the database. */
export const RUN_QUEUE = 'checkout-run';
/** How often an instance with a free slot looks for queued runs (a run placed here wakes it at once). */
const POLL_MS = 500;

export interface PgRunQueueOptions {
  url: string;
  db: PrismaClient;
  /** This instance's run slots (RUN_CONCURRENCY): a job is fetched only for a free one. */
  slots: RunSlots;
  /** Executes a job here; null when there was nothing to execute (another instance has the run, or it ended). */
  work(job: RunJob): Promise<{ done: Promise<RunResult> } | null>;
}

/**
 * The durable run queue on PostgreSQL, through pg-boss (its own schema `pgboss`, created and migrated
 * by pg-boss at start). Why pg-boss: a job queue is all this needs (one job per placed run, fetched
 * with SKIP LOCKED by whichever instance has a slot free, retried when an instance died holding it),
 * in the database we already run, with no extra service; graphile-worker fits as well but brings its
 * own runner and migrations under a CLI, and DBOS's durable workflows would replace the run's own
 * log and replay, which the trace already is.
 *
 * A job is completed once its run has begun (its lease held, its log open): from then on a dead
 * instance's run is found by its lost lease and resumed by another (lib/checkout/recover.ts). A job
 * whose instance died before that expires and is fetched again elsewhere.
 */
export async function startPgRunQueue(options: PgRunQueueOptions): Promise<DurableRunQueue> {
  const boss = new PgBoss({ connectionString: options.url, max: 4, application_name: 'agent-checkout-queue' });
  boss.on('error', (error) => console.error('[run queue]', error.message));
  await boss.start();
  await boss.createQueue(RUN_QUEUE, { name: RUN_QUEUE, retryLimit: 5, retryDelay: 1, expireInSeconds: 120 });
  const queue = new PgRunQueue(boss, options);
  queue.poll();
  return queue;
}

class PgRunQueue implements DurableRunQueue {
  readonly #boss: PgBoss;
  readonly #options: PgRunQueueOptions;
  #draining = false;
  #again = false;

  constructor(boss: PgBoss, options: PgRunQueueOptions) {
    this.#boss = boss;
    this.#options = options;
  }

  poll(): void {
    setInterval(() => this.#drain(), POLL_MS).unref();
  }

  async submit(job: RunJob): Promise<void> {
    await this.#boss.send(RUN_QUEUE, runJobSchema.parse(job));
    this.#drain();
  }

  async pendingRunIds(): Promise<Set<string>> {
    const rows = await this.#options.db.$queryRaw<{ runId: string | null }[]>`
      SELECT data->>'runId' AS "runId" FROM pgboss.job
      WHERE name = ${RUN_QUEUE} AND state IN ('created', 'retry', 'active')`;
    return new Set(rows.flatMap((r) => (r.runId ? [r.runId] : [])));
  }

  /** Fetches as many jobs as there are free slots, and starts each; once at a time (a call meanwhile asks for one more round). */
  #drain(): void {
    if (this.#draining) {
      this.#again = true;
      return;
    }
    this.#draining = true;
    void (async () => {
      try {
        do {
          this.#again = false;
          while (this.#options.slots.free > 0) {
            const jobs = await this.#boss.fetch<unknown>(RUN_QUEUE, { batchSize: this.#options.slots.free });
            if (jobs.length === 0) break;
            for (const job of jobs) await this.#start(job);
          }
        } while (this.#again);
      } catch (error) {
        console.error('[run queue] fetching queued runs failed:', error instanceof Error ? error.message : error);
      } finally {
        this.#draining = false;
      }
    })();
  }

  /** Takes a slot (free: the fetch asked for no more), begins the run, completes the job; the slot is kept until the run ends. */
  async #start(job: PgBoss.Job<unknown>): Promise<void> {
    const giveBack = await this.#options.slots.take();
    let running: { done: Promise<RunResult> } | null = null;
    try {
      const parsed = runJobSchema.safeParse(job.data);
      if (!parsed.success) {
        await this.#boss.fail(RUN_QUEUE, job.id, { error: `not a run job: ${parsed.error.message}` });
      } else {
        running = await this.#options.work(parsed.data);
        await this.#boss.complete(RUN_QUEUE, job.id);
      }
    } catch (error) {
      console.error(`[run queue] job ${job.id} could not be started:`, error instanceof Error ? error.message : error);
      await this.#boss.fail(RUN_QUEUE, job.id, { error: String(error) }).catch(() => undefined);
    }
    const next = () => {
      giveBack();
      this.#drain();
    };
    if (running) running.done.then(next, next);
    else next();
  }
}
