import type { TraceEvent } from './events';

/**
 * Where committed events go live. The recorder publishes each event once it is durable, in seq order
 * per run; the SSE route and the history list subscribe. An interface, so a cross-process bus
 * (PostgreSQL LISTEN/NOTIFY, Redis pub/sub) can replace the in-process one without touching callers.
 */

export type TraceListener = (event: TraceEvent) => void;
export type Unsubscribe = () => void;

export interface TraceBus {
  publish(event: TraceEvent): void;
  /** Events of one run, in seq order. */
  subscribe(runId: string, listener: TraceListener): Unsubscribe;
  /** Every run's events (the history list's live updates). */
  subscribeAll(listener: TraceListener): Unsubscribe;
}

export interface InProcessBusOptions {
  /** Where a listener's exception goes; it never reaches the publisher or the other listeners. */
  onListenerError?: (error: unknown, event: TraceEvent) => void;
}

export class InProcessTraceBus implements TraceBus {
  readonly #byRun = new Map<string, Set<TraceListener>>();
  readonly #all = new Set<TraceListener>();
  readonly #onListenerError: (error: unknown, event: TraceEvent) => void;
  /** Sees every event published here, without counting as a subscriber (a cross-process bridge). */
  #tap: TraceListener | null = null;

  constructor(options: InProcessBusOptions = {}) {
    this.#onListenerError =
      options.onListenerError ??
      ((error, event) =>
        console.error(`[trace-bus] a listener of run ${event.runId} threw at seq ${event.seq}`, error));
  }

  publish(event: TraceEvent): void {
    const listeners = this.#byRun.get(event.runId);
    // Copies, so a listener may unsubscribe while being called; none when nobody listens (every
    // event recorded passes here).
    if (listeners) for (const listener of [...listeners]) this.#deliver(listener, event);
    if (this.#all.size > 0) for (const listener of [...this.#all]) this.#deliver(listener, event);
    if (this.#tap) this.#deliver(this.#tap, event);
  }

  /** Sets (or, with null, removes) the one tap: it sees every event and is not a subscriber. */
  setTap(listener: TraceListener | null): void {
    this.#tap = listener;
  }

  /** Whether anyone here would receive an event of this run (a per-run or an every-run subscriber). */
  isWatched(runId: string): boolean {
    return this.#all.size > 0 || this.#byRun.has(runId);
  }

  subscribe(runId: string, listener: TraceListener): Unsubscribe {
    let listeners = this.#byRun.get(runId);
    if (!listeners) {
      listeners = new Set();
      this.#byRun.set(runId, listeners);
    }
    // A wrapper per subscription, so the same function subscribed twice is two subscriptions.
    const entry: TraceListener = (event) => listener(event);
    listeners.add(entry);
    return () => {
      const current = this.#byRun.get(runId);
      if (!current?.delete(entry)) return;
      if (current.size === 0) this.#byRun.delete(runId);
    };
  }

  subscribeAll(listener: TraceListener): Unsubscribe {
    const entry: TraceListener = (event) => listener(event);
    this.#all.add(entry);
    return () => void this.#all.delete(entry);
  }

  /** Live subscriptions (per-run plus global): lets tests prove that closed streams unsubscribe. */
  listenerCount(runId?: string): number {
    if (runId !== undefined) return this.#byRun.get(runId)?.size ?? 0;
    let n = this.#all.size;
    for (const listeners of this.#byRun.values()) n += listeners.size;
    return n;
  }

  #deliver(listener: TraceListener, event: TraceEvent): void {
    try {
      listener(event);
    } catch (error) {
      this.#onListenerError(error, event);
    }
  }
}

const GLOBAL_KEY = Symbol.for('agent-checkout.trace-bus');
type GlobalWithBus = typeof globalThis & { [GLOBAL_KEY]?: InProcessTraceBus };

/** The process-wide bus, on globalThis so every route bundle publishes and subscribes on the same one. */
export function getTraceBus(): InProcessTraceBus {
  const g = globalThis as GlobalWithBus;
  g[GLOBAL_KEY] ??= new InProcessTraceBus();
  return g[GLOBAL_KEY];
}
