/**
 * The one Server-Sent Events writer behind every stream (a run's events, the history's live feed):
 * the response headers, sending frames, the heartbeat, backpressure, and closing on every way a
 * stream ends (the producer ends it, the client goes away, the consumer cancels or errors). What a
 * stream says and when is its owner's; how it reaches the client is this.
 */

export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  // no-transform also keeps Next's (and most proxies') compression from buffering the stream.
  'Cache-Control': 'no-cache, no-transform',
  'X-Accel-Buffering': 'no',
  Connection: 'keep-alive',
};

/** A comment every so often keeps proxies from closing an idle stream. */
export const HEARTBEAT_MS = 15_000;

export interface SseWriterOptions {
  /** The request's signal: the client went away. */
  signal?: AbortSignal;
  heartbeatMs?: number;
  /** Called on each heartbeat, after the comment is sent (e.g. to notice a stream that should end). */
  onHeartbeat?: () => void;
  /** Called once the writer has opened: the owner subscribes and starts sending from here. */
  onOpen: (writer: SseWriter) => void;
  /** Called once when the stream closes, however it ends: unsubscribe, clear timers. */
  onClose?: () => void;
}

/**
 * Frames sent in one tick (a committed batch is published in one go) leave as one chunk. Backpressure:
 * while the consumer has a chunk it has not taken (at most one waits), frames gather, in order and none
 * dropped, and leave together when it pulls: a slow consumer gets fewer, larger chunks, never a growing
 * queue of small ones.
 */
export class SseWriter {
  readonly stream: ReadableStream<Uint8Array>;
  readonly #encoder = new TextEncoder();
  readonly #options: SseWriterOptions;
  #controller!: ReadableStreamDefaultController<Uint8Array>;
  #outbox: string[] = [];
  #closed = false;
  #heartbeat: ReturnType<typeof setInterval> | undefined;

  constructor(options: SseWriterOptions) {
    this.#options = options;
    this.stream = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.#controller = controller;
          this.#open();
        },
        pull: () => this.#flush(),
        cancel: () => this.close(),
      },
      { highWaterMark: 1 },
    );
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Queues a frame (its text as written, blank line included); nothing once closed. */
  send(frame: string): void {
    if (this.#closed) return;
    this.#outbox.push(frame);
    if (this.#outbox.length === 1) {
      queueMicrotask(() => {
        if ((this.#controller.desiredSize ?? 1) > 0) this.#flush();
      });
    }
  }

  /** Sends what is queued and ends the stream; the owner's onClose runs once. */
  close(): void {
    if (this.#closed) return;
    this.#flush();
    this.#closed = true;
    clearInterval(this.#heartbeat);
    this.#options.signal?.removeEventListener('abort', this.#onAbort);
    this.#options.onClose?.();
    try {
      this.#controller.close();
    } catch {
      // Already closed or cancelled by the consumer.
    }
  }

  readonly #onAbort = () => this.close();

  #open(): void {
    const { signal } = this.#options;
    if (signal?.aborted) return this.close();
    signal?.addEventListener('abort', this.#onAbort, { once: true });
    this.#heartbeat = setInterval(() => {
      this.send(': heartbeat\n\n');
      this.#options.onHeartbeat?.();
    }, this.#options.heartbeatMs ?? HEARTBEAT_MS);
    this.#heartbeat.unref?.();
    this.#options.onOpen(this);
  }

  #flush(): void {
    if (this.#outbox.length === 0) return;
    const chunk = this.#outbox.join('');
    this.#outbox = [];
    try {
      this.#controller.enqueue(this.#encoder.encode(chunk));
    } catch {
      // The consumer is gone (the stream was cancelled or errored): stop.
      this.close();
    }
  }
}
