import type { NewTraceEvent } from './events';

/** Anything that appends a run's events and settles each append once it is durable (the recorder, a replay's wrapper). */
export interface DurableAppender {
  append(runId: string, event: NewTraceEvent): Promise<unknown>;
}

/**
 * A run's emitters hand their events to the recorder without waiting for each one's commit. The
 * recorder numbers an event when it is appended (call order, as before) and still publishes it only
 * once its batch has committed, so what anyone sees is unchanged; what changes is that the run goes on
 * meanwhile, and the events of every run in flight share one commit instead of paying one each (an
 * order of ~90 events otherwise committed in ~24 batches of 3–4, most of a traced order's CPU).
 *
 * A failed append is not lost: from then on every append of this sink is refused with that error
 * (the emitter throws there, as it did when it awaited the failed one), and {@link settled} reports
 * it. Whoever reads the run's own log, or appends after its emitters (settlement, run end), first
 * awaits {@link settled}: everything appended through the sink is durable, or known not to be.
 */
export class WriteBehindSink implements DurableAppender {
  readonly #inner: DurableAppender;
  readonly #pending = new Set<Promise<unknown>>();
  #failure: { error: unknown } | null = null;

  constructor(inner: DurableAppender) {
    this.#inner = inner;
  }

  append(runId: string, event: NewTraceEvent): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure.error);
    const committed = this.#inner.append(runId, event);
    this.#pending.add(committed);
    committed.then(
      () => this.#pending.delete(committed),
      (error: unknown) => {
        this.#pending.delete(committed);
        this.#failure ??= { error };
      },
    );
    return Promise.resolve();
  }

  /**
   * Write-ahead before an effect: resolves once every event appended so far is durable, and throws the
   * first failure otherwise. A service call waits for it, so a run's log always holds the step that led
   * to a call before the call can take effect (a resumed run then never makes a call its log does not
   * know of; lib/checkout/resume-run.ts).
   */
  async durable(): Promise<void> {
    const failure = await this.settled();
    if (failure) throw failure.error;
  }

  /** Resolves once every append made so far has settled: null if all are durable, else the first failure. */
  async settled(): Promise<{ error: unknown } | null> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
    return this.#failure;
  }
}
