import type { PrismaClient } from '@/lib/db/client';
import { HEARTBEAT_MS, SseWriter } from '@/lib/http/sse-writer';
import type { TraceBus } from './bus';
import { isRunEnd, type TraceEvent } from './events';
import { loadEvents } from './event-log';
import type { LiveText } from './live-text';

/**
 * One run's events as Server-Sent Events, with no gap and no duplicate: subscribe first, then
 * back-fill from the DB after the client's cursor, then go live, delivering strictly by seq. The bus
 * only carries committed events, so whatever was published before the subscription is in the DB.
 *
 * Frames: `id: <seq>` + `event: trace` + `data: <TraceEvent JSON>`; a `: heartbeat` comment every
 * 15 s; a final `event: end` once the run is over, then the stream closes. While a model step is in
 * progress, `event: thinking` frames (no id) carry its text so far: live only, never replayed.
 */

/** How soon a browser's EventSource should reconnect after a drop. */
const RETRY_MS = 1_000;

export interface RunStreamDeps {
  db: PrismaClient;
  bus: TraceBus;
  /** What models are writing right now (`event: thinking` frames, no id: not part of the log). */
  liveText?: { subscribe(runId: string, listener: (text: LiveText) => void): () => void };
  heartbeatMs?: number;
}

export interface RunStreamOptions {
  runId: string;
  /** Send events with seq greater than this (Last-Event-ID, or ?since=). */
  afterSeq: number;
  /** The request's signal: the client went away, so unsubscribe and stop. */
  signal?: AbortSignal;
}

export interface RunStreamEnd {
  runId: string;
  /** The last seq this stream delivered (or the client already had). */
  lastSeq: number;
  status: string;
}

export function traceFrame(event: TraceEvent): string {
  return `id: ${event.seq}\nevent: trace\ndata: ${JSON.stringify(event)}\n\n`;
}

export function endFrame(end: RunStreamEnd): string {
  return `event: end\ndata: ${JSON.stringify(end)}\n\n`;
}

/** null when there is no such run (the route answers 404). */
export async function openRunStream(
  deps: RunStreamDeps,
  options: RunStreamOptions,
): Promise<ReadableStream<Uint8Array> | null> {
  const { db } = deps;
  const [run, last] = await Promise.all([
    db.run.findUnique({ where: { id: options.runId }, select: { status: true } }),
    db.traceEvent.findFirst({
      where: { runId: options.runId },
      orderBy: { seq: 'desc' },
      select: { seq: true, type: true },
    }),
  ]);
  if (!run) return null;
  // Over already: every event is in the DB, so the back-fill is the whole story.
  const overAtConnect = run.status !== 'running' || (last !== null && isRunEnd(last));
  return new RunEventStream(deps, options, run.status, overAtConnect).stream;
}

class RunEventStream {
  // Set by the writer's onOpen, which runs while it is being built (a ReadableStream starts at once).
  #writer!: SseWriter;
  readonly #deps: RunStreamDeps;
  readonly #runId: string;
  #lastSent: number;
  #status: string;
  /** Live events that arrived while the DB was being read, or ahead of a gap. */
  #held: TraceEvent[] = [];
  #catchingUp = false;
  #unsubscribe: () => void = () => {};
  #unsubscribeText: () => void = () => {};

  constructor(deps: RunStreamDeps, options: RunStreamOptions, status: string, overAtConnect: boolean) {
    this.#deps = deps;
    this.#runId = options.runId;
    this.#lastSent = options.afterSeq;
    this.#status = status;
    this.#writer = new SseWriter({
      signal: options.signal,
      heartbeatMs: deps.heartbeatMs ?? HEARTBEAT_MS,
      onHeartbeat: () => void this.#checkEnded(),
      onOpen: (writer) => {
        this.#writer = writer;
        this.#start(overAtConnect);
      },
      onClose: () => {
        this.#unsubscribe();
        this.#unsubscribeText();
        this.#held = [];
      },
    });
  }

  get stream(): ReadableStream<Uint8Array> {
    return this.#writer.stream;
  }

  get #closed(): boolean {
    return this.#writer.closed;
  }

  #start(overAtConnect: boolean): void {
    this.#writer.send(`retry: ${RETRY_MS}\n\n`);
    // Subscribe before reading the DB: an event committed from here on is either read or received.
    this.#unsubscribe = this.#deps.bus.subscribe(this.#runId, (event) => this.#onLive(event));
    if (!overAtConnect && this.#deps.liveText) {
      this.#unsubscribeText = this.#deps.liveText.subscribe(this.#runId, (text) =>
        this.#writer.send(`event: thinking\ndata: ${JSON.stringify(text)}\n\n`),
      );
    }
    void this.#catchUp().then(() => {
      if (overAtConnect) this.#end();
    });
  }

  /**
   * On each heartbeat: notices a run that is over without an end event in its log (its end could not
   * be persisted, so the row was closed directly; or the run was deleted): rather than beat forever,
   * send what the DB has and end.
   */
  async #checkEnded(): Promise<void> {
    try {
      const run = await this.#deps.db.run.findUnique({ where: { id: this.#runId }, select: { status: true } });
      if (this.#closed || run?.status === 'running') return;
      await this.#catchUp();
      this.#status = run?.status ?? 'deleted';
      this.#end();
    } catch {
      // The DB is unreachable for a moment: the next beat asks again.
    }
  }
  #onLive(event: TraceEvent): void {
    if (this.#closed || event.seq <= this.#lastSent) return;
    if (this.#catchingUp || event.seq !== this.#lastSent + 1) {
      this.#held.push(event);
      void this.#catchUp();
      return;
    }
    this.#deliver(event);
  }

  /** Reads the DB after the last delivered seq until the held live events continue without a gap. */
  async #catchUp(): Promise<void> {
    if (this.#catchingUp || this.#closed) return;
    this.#catchingUp = true;
    try {
      for (;;) {
        const before = this.#lastSent;
        for (const event of await loadEvents(this.#deps.db, this.#runId, { afterSeq: this.#lastSent })) {
          if (this.#closed) return;
          this.#deliverInOrder(event);
        }
        this.#held.sort((a, b) => a.seq - b.seq);
        while (!this.#closed && this.#held.length > 0 && this.#held[0].seq <= this.#lastSent + 1) {
          this.#deliverInOrder(this.#held.shift()!);
        }
        if (this.#closed || this.#held.length === 0) return;
        // Still a gap before the held events, and the DB had nothing new: rows vanished (the run was
        // deleted). Deliver what is held rather than stall forever.
        if (this.#lastSent === before) {
          for (const event of this.#held.splice(0)) this.#deliverInOrder(event);
          return;
        }
      }
    } catch (error) {
      // The client reconnects with Last-Event-ID and resumes exactly where this stream stopped.
      this.#writer.send(
        `event: error\ndata: ${JSON.stringify({ message: error instanceof Error ? error.message : String(error) })}\n\n`,
      );
      this.#writer.close();
    } finally {
      this.#catchingUp = false;
    }
  }

  #deliverInOrder(event: TraceEvent): void {
    if (event.seq > this.#lastSent) this.#deliver(event);
  }

  #deliver(event: TraceEvent): void {
    this.#writer.send(traceFrame(event));
    this.#lastSent = event.seq;
    if (isRunEnd(event)) {
      this.#status = event.type === 'run.interrupted' ? 'interrupted' : event.data.status;
      this.#end();
    }
  }

  #end(): void {
    if (this.#closed) return;
    this.#writer.send(endFrame({ runId: this.#runId, lastSeq: this.#lastSent, status: this.#status }));
    this.#writer.close();
  }
}
