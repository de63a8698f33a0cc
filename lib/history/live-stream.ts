import type { PrismaClient } from '@/lib/db/client';
import type { TraceBus } from '@/lib/trace/bus';
import type { TraceEvent } from '@/lib/trace/events';
import type { HistoryRun } from './history-row';
import type { HistoryFilter } from './history-query';
import { historyRows } from './list-runs';

/**
 * The history list's live feed (GET /api/runs/live) as Server-Sent Events: every run that starts,
 * progresses or ends in this process, as its up-to-date history line and whether it matches the
 * list's filters. The stream subscribes to every run's events on the bus, then says `ready`: a
 * client that (re)loads its page after `ready` misses nothing. Lines are read from the database,
 * several runs per query: run starts and ends at once, progress at most every `progressMs`.
 *
 * Frames: `event: ready`; `event: run` with `{ change, run, matches }`; `: heartbeat` every 15 s.
 */

export type RunChange = 'run.started' | 'run.progress' | 'run.finished' | 'run.interrupted';

export interface RunChangeFrame {
  change: RunChange;
  run: HistoryRun;
  /** false: the run no longer (or not yet) matches the filters; a list drops it. */
  matches: boolean;
}

export interface HistoryStreamDeps {
  db: PrismaClient;
  bus: TraceBus;
  heartbeatMs?: number;
  /** How often a run's progress (new steps, tokens, errors) is sent at most. */
  progressMs?: number;
}

export interface HistoryStreamOptions {
  filter: HistoryFilter;
  signal?: AbortSignal;
}

const HEARTBEAT_MS = 15_000;
const PROGRESS_MS = 1_000;
const RETRY_MS = 2_000;
/** A run's end outranks its start, which outranks progress: one frame per run per flush says the latest. */
const RANK: Record<RunChange, number> = { 'run.progress': 0, 'run.started': 1, 'run.finished': 2, 'run.interrupted': 2 };

function changeOf(event: TraceEvent): RunChange {
  return event.type === 'run.started' || event.type === 'run.finished' || event.type === 'run.interrupted' ? event.type : 'run.progress';
}

export function openHistoryStream(deps: HistoryStreamDeps, options: HistoryStreamOptions): ReadableStream<Uint8Array> {
  return new HistoryStream(deps, options).stream;
}

class HistoryStream {
  readonly stream: ReadableStream<Uint8Array>;
  readonly #deps: HistoryStreamDeps;
  readonly #options: HistoryStreamOptions;
  readonly #encoder = new TextEncoder();
  #controller!: ReadableStreamDefaultController<Uint8Array>;
  /** Runs to send at the next flush, with the most important change seen. */
  #pending = new Map<string, RunChange>();
  #flushing = false;
  #urgent: ReturnType<typeof setImmediate> | undefined;
  #progress: ReturnType<typeof setTimeout> | undefined;
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  #unsubscribe: () => void = () => {};
  #closed = false;

  constructor(deps: HistoryStreamDeps, options: HistoryStreamOptions) {
    this.#deps = deps;
    this.#options = options;
    this.stream = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.#controller = controller;
        this.#start();
      },
      cancel: () => this.#close(),
    });
  }

  #start(): void {
    const { signal } = this.#options;
    if (signal?.aborted) return this.#close();
    signal?.addEventListener('abort', this.#onAbort, { once: true });
    this.#unsubscribe = this.#deps.bus.subscribeAll((event) => this.#onEvent(event));
    this.#send(`retry: ${RETRY_MS}\n\n`);
    this.#send('event: ready\ndata: {}\n\n');
    this.#heartbeat = setInterval(() => this.#send(': heartbeat\n\n'), this.#deps.heartbeatMs ?? HEARTBEAT_MS);
    this.#heartbeat.unref?.();
  }

  readonly #onAbort = () => this.#close();

  #onEvent(event: TraceEvent): void {
    if (this.#closed) return;
    const change = changeOf(event);
    const known = this.#pending.get(event.runId);
    if (known === undefined || RANK[change] > RANK[known]) this.#pending.set(event.runId, change);
    if (change === 'run.progress') this.#schedule(false);
    else this.#schedule(true);
  }

  /** Starts and ends go out on the next turn; progress waits for the progress timer. */
  #schedule(urgent: boolean): void {
    if (this.#flushing) return;
    if (urgent) {
      this.#urgent ??= setImmediate(() => void this.#flush());
    } else if (this.#progress === undefined) {
      this.#progress = setTimeout(() => void this.#flush(), this.#deps.progressMs ?? PROGRESS_MS);
      this.#progress.unref?.();
    }
  }

  async #flush(): Promise<void> {
    clearImmediate(this.#urgent);
    clearTimeout(this.#progress);
    this.#urgent = undefined;
    this.#progress = undefined;
    if (this.#closed || this.#flushing || this.#pending.size === 0) return;
    this.#flushing = true;
    const batch = this.#pending;
    this.#pending = new Map();
    try {
      const rows = await historyRows(this.#deps.db, [...batch.keys()], this.#options.filter);
      for (const { run, matches } of rows) {
        const frame: RunChangeFrame = { change: batch.get(run.id)!, run, matches };
        this.#send(`event: run\ndata: ${JSON.stringify(frame)}\n\n`);
      }
    } catch (error) {
      // The client's EventSource reconnects, gets `ready` again and reloads its page.
      this.#send(`event: error\ndata: ${JSON.stringify({ message: error instanceof Error ? error.message : String(error) })}\n\n`);
      this.#close();
    } finally {
      this.#flushing = false;
    }
    if (this.#closed) return;
    const changes = [...this.#pending.values()];
    if (changes.some((c) => c !== 'run.progress')) this.#schedule(true);
    else if (changes.length > 0) this.#schedule(false);
  }

  #send(text: string): void {
    if (this.#closed) return;
    try {
      this.#controller.enqueue(this.#encoder.encode(text));
    } catch {
      // The consumer is gone: stop listening.
      this.#close();
    }
  }

  #close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#unsubscribe();
    clearInterval(this.#heartbeat);
    clearImmediate(this.#urgent);
    clearTimeout(this.#progress);
    this.#options.signal?.removeEventListener('abort', this.#onAbort);
    this.#pending.clear();
    try {
      this.#controller.close();
    } catch {
      // Already closed or cancelled by the consumer.
    }
  }
}
