import type { PrismaClient } from '@/lib/db/client';
import { HEARTBEAT_MS, SseWriter } from '@/lib/http/sse-writer';
import { systemClock, type Clock } from '@/lib/runtime/clock';
import type { TraceBus } from '@/lib/trace/bus';
import type { TraceEvent } from '@/lib/trace/events';
import type { ReadyFrame, RunChangeFrame } from '@/lib/wire/history';
import type { HistoryFilter } from './history-query';
import { historyRows, runsChangedSince } from './list-runs';

/**
 * The history list's live feed (GET /api/runs/live) as Server-Sent Events: every run that starts,
 * progresses or ends in this process, as its up-to-date history line and whether it matches the
 * list's filters. Lines are read from the database, several runs per query: starts and ends on the
 * next turn, progress at most every `progressMs`.
 *
 * Resumable: every frame's id is the time its lines were read (ms). A client that reconnects with
 * Last-Event-ID gets the runs that changed since (and every run still running) before the live
 * frames, so it keeps its list; without one, it is told to load its page. That lets an idle stream
 * end after `idleMs` (EventSource reconnects by itself): no connection is held forever by a tab,
 * a proxy or a client that only wanted the headers.
 *
 * Frames: `event: ready` `{ resumed }`; `event: run` `{ change, run, matches }`; `: heartbeat`.
 */

/** The frames this stream sends, as lib/wire/history.ts declares them for the browser. */
export type { ReadyFrame, RunChangeFrame } from '@/lib/wire/history';
export type RunChange = RunChangeFrame['change'];

export interface HistoryStreamDeps {
  db: PrismaClient;
  bus: TraceBus;
  clock?: Clock;
  heartbeatMs?: number;
  /** How often a run's progress (new steps, tokens, errors) is sent at most. */
  progressMs?: number;
  /** The stream ends after this long without a run frame; the client reconnects and resumes. */
  idleMs?: number;
}

export interface HistoryStreamOptions {
  filter: HistoryFilter;
  /** Last-Event-ID: the client has everything read up to this time (ms). */
  resumeFrom?: number;
  signal?: AbortSignal;
}

const PROGRESS_MS = 1_000;
const IDLE_MS = 20_000;
const RETRY_MS = 2_000;
/** Resuming sends at most this many runs; after a longer absence the client reloads instead. */
export const MAX_RESUMED_RUNS = 500;
/** Lines read at t can miss a commit of t − ε: resume from a little earlier (a frame twice is harmless). */
const RESUME_MARGIN_MS = 5_000;
/** A run's end outranks its start, which outranks progress: one frame per run per flush says the latest. */
const RANK: Record<RunChange, number> = {
  'run.progress': 0,
  'run.started': 1,
  'run.finished': 2,
  'run.interrupted': 2,
};

function changeOf(event: TraceEvent): RunChange {
  return event.type === 'run.started' || event.type === 'run.finished' || event.type === 'run.interrupted'
    ? event.type
    : 'run.progress';
}

export function openHistoryStream(deps: HistoryStreamDeps, options: HistoryStreamOptions): ReadableStream<Uint8Array> {
  return new HistoryStream(deps, options).stream;
}

class HistoryStream {
  // Set by the writer's onOpen, which runs while it is being built (a ReadableStream starts at once).
  #writer!: SseWriter;
  readonly #deps: HistoryStreamDeps;
  readonly #options: HistoryStreamOptions;
  readonly #clock: Clock;
  /** Runs to send at the next flush, with the most important change seen. */
  #pending = new Map<string, RunChange>();
  #flushing = false;
  #urgent: ReturnType<typeof setImmediate> | undefined;
  #progress: ReturnType<typeof setTimeout> | undefined;
  #idle: ReturnType<typeof setTimeout> | undefined;
  #unsubscribe: () => void = () => {};

  constructor(deps: HistoryStreamDeps, options: HistoryStreamOptions) {
    this.#deps = deps;
    this.#options = options;
    this.#clock = deps.clock ?? systemClock;
    this.#writer = new SseWriter({
      signal: options.signal,
      heartbeatMs: deps.heartbeatMs ?? HEARTBEAT_MS,
      onOpen: (writer) => {
        this.#writer = writer;
        void this.#start();
      },
      onClose: () => {
        this.#unsubscribe();
        clearTimeout(this.#idle);
        clearImmediate(this.#urgent);
        clearTimeout(this.#progress);
        this.#pending.clear();
      },
    });
  }

  get stream(): ReadableStream<Uint8Array> {
    return this.#writer.stream;
  }

  get #closed(): boolean {
    return this.#writer.closed;
  }

  async #start(): Promise<void> {
    const { resumeFrom } = this.#options;
    // Subscribe before reading anything: a change from here on is either read or received.
    this.#unsubscribe = this.#deps.bus.subscribeAll((event) => this.#onEvent(event));
    this.#send(`retry: ${RETRY_MS}\n\n`);
    const readyAt = this.#clock.now();
    let resumed = false;
    if (resumeFrom !== undefined) {
      try {
        const changed = await runsChangedSince(this.#deps.db, resumeFrom - RESUME_MARGIN_MS, MAX_RESUMED_RUNS + 1);
        if (this.#closed) return;
        resumed = changed.length <= MAX_RESUMED_RUNS;
        if (resumed) for (const id of changed) this.#note(id, 'run.progress');
      } catch (error) {
        return this.#fail(error);
      }
    }
    const ready: ReadyFrame = { resumed };
    this.#send(`id: ${readyAt}\nevent: ready\ndata: ${JSON.stringify(ready)}\n\n`);
    this.#restartIdle();
    if (this.#pending.size > 0) this.#schedule(true);
  }

  #onEvent(event: TraceEvent): void {
    if (this.#closed) return;
    const change = changeOf(event);
    this.#note(event.runId, change);
    this.#schedule(change !== 'run.progress');
  }

  #note(runId: string, change: RunChange): void {
    const known = this.#pending.get(runId);
    if (known === undefined || RANK[change] > RANK[known]) this.#pending.set(runId, change);
  }

  /** Starts and ends go out on the next turn; progress waits for the progress timer. */
  #schedule(urgent: boolean): void {
    if (this.#flushing || this.#closed) return;
    if (urgent) {
      this.#urgent ??= setImmediate(() => void this.#flush());
    } else if (this.#progress === undefined) {
      this.#progress = setTimeout(() => void this.#flush(), this.#deps.progressMs ?? PROGRESS_MS);
      this.#progress.unref?.();
    }
  }

  #restartIdle(): void {
    clearTimeout(this.#idle);
    this.#idle = setTimeout(() => this.#close(), this.#deps.idleMs ?? IDLE_MS);
    this.#idle.unref?.();
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
    // Taken before reading: a client resuming from this id gets anything committed after it.
    const readAt = this.#clock.now();
    try {
      const rows = await historyRows(this.#deps.db, [...batch.keys()], this.#options.filter);
      for (const { run, matches } of rows) {
        const frame: RunChangeFrame = { change: batch.get(run.id)!, run, matches };
        this.#send(`id: ${readAt}\nevent: run\ndata: ${JSON.stringify(frame)}\n\n`);
      }
      if (rows.length > 0) this.#restartIdle();
    } catch (error) {
      this.#fail(error);
    } finally {
      this.#flushing = false;
    }
    if (this.#closed) return;
    const changes = [...this.#pending.values()];
    if (changes.some((c) => c !== 'run.progress')) this.#schedule(true);
    else if (changes.length > 0) this.#schedule(false);
  }

  /** The client's EventSource reconnects and resumes from the last frame it got. */
  #fail(error: unknown): void {
    this.#send(
      `event: error\ndata: ${JSON.stringify({ message: error instanceof Error ? error.message : String(error) })}\n\n`,
    );
    this.#close();
  }

  #send(frame: string): void {
    this.#writer.send(frame);
  }

  #close(): void {
    this.#writer.close();
  }
}
