import { getDb, type PrismaClient } from '@/lib/db/client';
import { systemClock, type Clock } from '@/lib/runtime/clock';
import { getTraceBus, type TraceBus } from './bus';
import { isRunEnd, parseNewTraceEvent, type NewTraceEvent, type TraceEvent } from './events';
import { traceSqlFor } from './engine-sql';
import { reduceRunSummary, emptyRunSummary, type RunSummary } from './projections/run-summary';
import { insertStatements, type EncodedEvent } from './rows';
import { searchIndexerFor, type SearchIndexer } from './search-indexer';

/**
 * The one way anything becomes visible. append() stamps ts and a gap-free per-run seq, group-commits
 * concurrent appends in one transaction of multi-row INSERTs, resolves each append only once its batch
 * has committed, and then publishes the events to the bus in seq order. Durable before anyone sees it.
 * The history search index is fed after that, by the database's SearchIndexer.
 */

export type RecorderErrorCode = 'run_not_found' | 'run_closed' | 'persist_failed';

export class RecorderError extends Error {
  constructor(
    readonly code: RecorderErrorCode,
    readonly runId: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RecorderError';
  }
}

/** What an emitter (agent loop, orchestrator, fault reporter) needs: tests can hand in any recorder. */
export interface TraceAppender {
  append(runId: string, event: NewTraceEvent): Promise<TraceEvent>;
  /**
   * The summary of a run's whole log as committed so far, when this appender saw it from its first event
   * (else null: read the log). Lets a run's end write its summary without reading back what was just written.
   */
  committedSummary?(runId: string): RunSummary | null;
  /**
   * The caller has just read the run's row as running and found no event in its log (a run about to begin,
   * on the instance that holds it): its first event gets seq 1 without the row and the log's end read again.
   */
  beginsEmpty?(runId: string): void;
}

export interface RecorderOptions {
  db: PrismaClient;
  bus: TraceBus;
  clock: Clock;
  /** Most events per transaction (default 256); under load batches grow up to this while one commits. */
  maxBatch?: number;
  /** Rows per INSERT statement inside a batch (default: the whole batch, cut only by size). */
  rowsPerStatement?: number;
  /** A bus that throws cannot un-commit an event: it is reported here and the append still resolves. */
  onPublishError?: (error: unknown, event: TraceEvent) => void;
  /** Told after each commit; default: the one shared by every recorder on `db`. null: nothing is indexed (benches). */
  searchIndexer?: SearchIndexer | null;
}

interface RunCursor {
  runId: string;
  /** The next seq to hand out, once `ready`. */
  next: number;
  ready: boolean;
  /** A run end has been accepted: later appends are refused. */
  closed: boolean;
  /** Set when the log's state is unknown after a failure: every later append is refused. */
  broken: Error | null;
  /** Appends made before the cursor knew MAX(seq), in call order. */
  waiting: Pending[];
  unsettled: number;
  /** The fold of every committed event, when the log was empty as this cursor began; null when unknown. */
  summary: RunSummary | null;
}

interface Pending extends EncodedEvent {
  cursor: RunCursor;
  resolve(event: TraceEvent): void;
  reject(error: unknown): void;
}

/** Summaries of ended runs kept for their finishRun (which asks at once): far more than runs end together. */
const ENDED_SUMMARIES_KEPT = 1024;

// Interactive transactions queue on the adapter's mutex behind other modules' transactions.
const TRANSACTION_OPTIONS = { maxWait: 30_000, timeout: 60_000 } as const;

/** A run's cursor before its row and the end of its log have been read (#init reads them). */
function unreadCursor(runId: string): RunCursor {
  return { runId, next: 0, ready: false, closed: false, broken: null, waiting: [], unsettled: 0, summary: null };
}

export class TraceRecorder implements TraceAppender {
  readonly #db: PrismaClient;
  readonly #bus: TraceBus;
  readonly #clock: Clock;
  readonly #maxBatch: number;
  readonly #rowsPerStatement: number;
  readonly #onPublishError: (error: unknown, event: TraceEvent) => void;
  readonly #searchIndexer: SearchIndexer | null;
  readonly #batchPrelude: readonly string[];
  readonly #cursors = new Map<string, RunCursor>();
  readonly #endedSummaries = new Map<string, RunSummary>();
  readonly #inits = new Set<Promise<void>>();
  #queue: Pending[] = [];
  #draining: Promise<void> | null = null;
  #scheduled = false;

  constructor(options: RecorderOptions) {
    this.#db = options.db;
    this.#bus = options.bus;
    this.#clock = options.clock;
    // 256, not thousands: a batch's commit holds the event loop (the driver is synchronous), and frames of
    // the batch before it reach SSE clients only between batches. Under a flood of 10,000 events at once,
    // 4096-event batches kept frames waiting 100-600 ms; at 256 most arrive within a few ms, for no loss
    // of events/s measured (bench 'sse' and 'recorder').
    this.#maxBatch = options.maxBatch ?? 256;
    // One statement per batch: each statement through Prisma costs the batch more than one long
    // statement does (measured: 15.3 vs 17.2 µs CPU per event at 512 rows a statement, 16 runs).
    this.#rowsPerStatement = options.rowsPerStatement ?? this.#maxBatch;
    this.#onPublishError =
      options.onPublishError ??
      ((error, event) => console.error(`[trace] publishing seq ${event.seq} of run ${event.runId} failed`, error));
    this.#searchIndexer = options.searchIndexer === undefined ? searchIndexerFor(this.#db) : options.searchIndexer;
    this.#batchPrelude = traceSqlFor(this.#db).batchPrelude;
  }

  /**
   * Records one event. Resolves with the stored event (seq and ts assigned) once it is committed;
   * rejects with InvalidTraceEventError, RecorderError or a serialisation error, and never leaves a
   * gap in the run's seqs. Appends to one run are numbered in call order.
   */
  append(runId: string, input: NewTraceEvent): Promise<TraceEvent> {
    try {
      if (typeof runId !== 'string' || runId.length === 0)
        throw new TypeError('append: runId must be a non-empty string');
      const event = stamp(parseNewTraceEvent(input), runId, this.#clock);
      // Serialised now, so an unserialisable payload (a BigInt, a cycle) fails this append alone.
      const payload = JSON.stringify(event.data);
      return this.#enqueue(event, payload);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Resolves when every append made before the call has settled (committed or rejected). */
  async flush(): Promise<void> {
    for (;;) {
      if (this.#inits.size > 0) await Promise.allSettled([...this.#inits]);
      else if (this.#draining) await this.#draining;
      else if (this.#queue.length > 0) this.#startDrain();
      else return;
    }
  }

  #enqueue(event: TraceEvent, payload: string): Promise<TraceEvent> {
    const cursor = this.#cursorFor(event.runId);
    if (cursor.broken) return Promise.reject(cursor.broken);
    if (cursor.closed) {
      return Promise.reject(
        new RecorderError('run_closed', event.runId, `run ${event.runId} has ended; ${event.type} was not recorded`),
      );
    }
    return new Promise<TraceEvent>((resolve, reject) => {
      const pending: Pending = { event, payload, cursor, resolve, reject };
      cursor.unsettled += 1;
      if (isRunEnd(event)) cursor.closed = true;
      if (cursor.ready) this.#number(pending);
      else cursor.waiting.push(pending);
    });
  }

  beginsEmpty(runId: string): void {
    if (this.#cursors.has(runId)) return;
    // What #init would find: an open run with an empty log.
    this.#cursors.set(runId, { ...unreadCursor(runId), next: 1, ready: true, summary: emptyRunSummary });
  }

  #cursorFor(runId: string): RunCursor {
    const known = this.#cursors.get(runId);
    if (known) return known;
    const cursor = unreadCursor(runId);
    this.#cursors.set(runId, cursor);
    const init = this.#init(cursor).finally(() => this.#inits.delete(init));
    this.#inits.add(init);
    return cursor;
  }

  /** The first time a run is seen: its MAX(seq), and whether it can still be written to. */
  async #init(cursor: RunCursor): Promise<void> {
    try {
      const [run, last] = await Promise.all([
        this.#db.run.findUnique({ where: { id: cursor.runId }, select: { status: true } }),
        this.#db.traceEvent.findFirst({
          where: { runId: cursor.runId },
          orderBy: { seq: 'desc' },
          select: { seq: true, type: true },
        }),
      ]);
      if (!run)
        throw new RecorderError(
          'run_not_found',
          cursor.runId,
          `run ${cursor.runId} does not exist; create the Run row before recording its events`,
        );
      if (run.status !== 'running' || (last && isRunEnd(last))) {
        throw new RecorderError(
          'run_closed',
          cursor.runId,
          `run ${cursor.runId} has ended (${run.status}); nothing more can be recorded`,
        );
      }
      cursor.next = (last?.seq ?? 0) + 1;
      cursor.summary = last ? null : emptyRunSummary;
      cursor.ready = true;
      const waiting = cursor.waiting;
      cursor.waiting = [];
      for (const pending of waiting) this.#number(pending);
    } catch (error) {
      // Forget the cursor, so that a later append (after the Run row exists) tries again.
      if (this.#cursors.get(cursor.runId) === cursor) this.#cursors.delete(cursor.runId);
      const waiting = cursor.waiting;
      cursor.waiting = [];
      for (const pending of waiting) this.#settle(pending, error);
    }
  }

  #number(pending: Pending): void {
    // In place: until it is published the event is the recorder's own object.
    pending.event.seq = pending.cursor.next++;
    this.#queue.push(pending);
    this.#schedule();
  }

  #schedule(): void {
    if (this.#draining || this.#scheduled) return;
    this.#scheduled = true;
    // One macrotask of slack lets appends made in the same turn share the first transaction.
    setImmediate(() => {
      this.#scheduled = false;
      this.#startDrain();
    });
  }

  #startDrain(): void {
    if (this.#draining || this.#queue.length === 0) return;
    this.#draining = this.#drain().finally(() => {
      this.#draining = null;
      if (this.#queue.length > 0) this.#schedule();
    });
  }

  /**
   * One batch in flight at a time: while it commits, new appends gather into the next one. The next
   * batch waits for a macrotask (see #startDrain): the driver is synchronous, so back-to-back batches
   * would otherwise keep sockets (the SSE streams of what was just published) from being written.
   */
  async #drain(): Promise<void> {
    await this.#commit(this.#queue.splice(0, this.#maxBatch));
  }

  async #commit(batch: Pending[]): Promise<void> {
    const byRun = groupByRun(batch);
    try {
      // Each run's rows together: the (…, runId) indexes then take them as runs of neighbours.
      await this.#write([...byRun.values()].flat());
    } catch {
      // Someone's run failed the batch (or the disk did): retry run by run, so one cannot sink the others.
      for (const group of byRun.values()) {
        try {
          await this.#write(group);
          this.#publish(group);
        } catch (groupError) {
          await this.#fail(group, groupError);
        }
      }
      return;
    }
    this.#publish(batch);
  }

  async #write(rows: Pending[]): Promise<void> {
    const statements = insertStatements(rows, this.#rowsPerStatement);
    // Always a transaction, even for one statement: that takes the adapter's mutex, so these rows can
    // never land inside (and be rolled back with) another module's open interactive transaction.
    // The batch form: a third of an interactive transaction's overhead (measured), which is most of
    // a small batch's cost when agents append one event at a time.
    const sql = [...this.#batchPrelude, ...statements];
    if (sql.length === 1) {
      // Prisma runs a batch of one request as a plain query, outside any transaction and without the
      // mutex: the interactive form is what keeps a lone INSERT out of another module's open transaction.
      await this.#db.$transaction((tx) => tx.$executeRawUnsafe(sql[0]), TRANSACTION_OPTIONS);
      return;
    }
    await this.#db.$transaction(
      sql.map((text) => this.#db.$executeRawUnsafe(text)),
      TRANSACTION_OPTIONS,
    );
  }

  #publish(committed: Pending[]): void {
    if (committed.length > 0) this.#searchIndexer?.notify();
    for (const pending of committed) {
      const { cursor } = pending;
      // Commits reach here in seq order per run; anything else (a failed batch's rows) makes it unknown.
      if (cursor.summary && pending.event.seq === cursor.summary.lastSeq + 1)
        cursor.summary = reduceRunSummary(cursor.summary, pending.event);
      else cursor.summary = null;
      try {
        this.#bus.publish(pending.event);
      } catch (error) {
        this.#onPublishError(error, pending.event);
      }
      this.#settle(pending, null);
    }
  }

  /**
   * A run's events did not persist. Ask the database what actually landed (a failed COMMIT can still
   * have written; another writer may hold those seqs): our rows that are there are published, the
   * rest are rejected and the appends queued behind them are renumbered after the log's real end, so
   * it stays gap-free. If even that cannot be known, the run is refused from now on rather than risk
   * a gap or a duplicate.
   */
  async #fail(group: Pending[], error: unknown): Promise<void> {
    const cursor = group[0].cursor;
    const from = group[0].event.seq;
    let stored: { seq: number; type: string; spanId: string; payload: string }[];
    try {
      stored = await this.#db.traceEvent.findMany({
        where: { runId: cursor.runId, seq: { gte: from } },
        orderBy: { seq: 'asc' },
        select: { seq: true, type: true, spanId: true, payload: true },
      });
    } catch (checkError) {
      cursor.broken = new RecorderError(
        'persist_failed',
        cursor.runId,
        `run ${cursor.runId}: events could not be persisted and the log's state is unknown`,
        { cause: checkError },
      );
      for (const pending of group) this.#settle(pending, cursor.broken);
      this.#rejectQueued(cursor, cursor.broken);
      return;
    }
    const bySeq = new Map(stored.map((row) => [row.seq, row]));
    const isOurs = (p: Pending) => {
      const row = bySeq.get(p.event.seq);
      return (
        row !== undefined && row.type === p.event.type && row.spanId === p.event.spanId && row.payload === p.payload
      );
    };
    const landed = group.filter(isOurs);
    const lost = group.filter((p) => !isOurs(p));
    this.#publish(landed);
    if (lost.length === 0) return;
    cursor.next = (stored.at(-1)?.seq ?? from - 1) + 1;
    for (const queued of this.#queue) {
      if (queued.cursor === cursor) queued.event.seq = cursor.next++;
    }
    if (lost.some((p) => isRunEnd(p.event))) cursor.closed = false;
    const message = error instanceof Error ? error.message : String(error);
    const failure = new RecorderError(
      'persist_failed',
      cursor.runId,
      `run ${cursor.runId}: ${lost.length} event(s) were not persisted: ${message}`,
      {
        cause: error,
      },
    );
    for (const pending of lost) this.#settle(pending, failure);
  }

  committedSummary(runId: string): RunSummary | null {
    return this.#cursors.get(runId)?.summary ?? this.#endedSummaries.get(runId) ?? null;
  }

  #rejectQueued(cursor: RunCursor, error: Error): void {
    const keep: Pending[] = [];
    for (const queued of this.#queue) {
      if (queued.cursor === cursor) this.#settle(queued, error);
      else keep.push(queued);
    }
    this.#queue = keep;
  }

  #settle(pending: Pending, error: unknown): void {
    const { cursor } = pending;
    cursor.unsettled -= 1;
    // A run that has ended and has nothing in flight needs no cursor: a late append re-reads the DB and is refused.
    if (cursor.closed && cursor.unsettled === 0 && !cursor.broken && this.#cursors.get(cursor.runId) === cursor) {
      this.#cursors.delete(cursor.runId);
      // Kept a while for the run's end to write its Row summary from (finishRun asks right after its append).
      if (cursor.summary) {
        this.#endedSummaries.set(cursor.runId, cursor.summary);
        if (this.#endedSummaries.size > ENDED_SUMMARIES_KEPT)
          this.#endedSummaries.delete(this.#endedSummaries.keys().next().value!);
      }
    }
    if (error === null) pending.resolve(pending.event);
    else pending.reject(error);
  }
}

/**
 * The stored event, built with one fixed shape (spreading the parsed union costs more per event
 * than validating it). seq is set when the run's cursor numbers it.
 */
function stamp(parsed: ReturnType<typeof parseNewTraceEvent>, runId: string, clock: Clock): TraceEvent {
  const { type, spanId, parentSpanId, agent, data } = parsed;
  // The parse checked that type, span fields and data belong together; rebuilding loses that link for TS only.
  return { runId, seq: 0, ts: parsed.ts ?? clock.now(), type, spanId, parentSpanId, agent, data } as TraceEvent;
}

function groupByRun(batch: Pending[]): Map<string, Pending[]> {
  const groups = new Map<string, Pending[]>();
  for (const pending of batch) {
    const group = groups.get(pending.event.runId);
    if (group) group.push(pending);
    else groups.set(pending.event.runId, [pending]);
  }
  return groups;
}

const GLOBAL_KEY = Symbol.for('agent-checkout.trace-recorder');
type GlobalWithRecorder = typeof globalThis & { [GLOBAL_KEY]?: Promise<TraceRecorder> };

/** The process-wide recorder (process-wide db, bus and system clock), on globalThis like the db. */
export function getRecorder(): Promise<TraceRecorder> {
  const g = globalThis as GlobalWithRecorder;
  g[GLOBAL_KEY] ??= getDb()
    .then((db) => new TraceRecorder({ db, bus: getTraceBus(), clock: systemClock }))
    .catch((error: unknown) => {
      delete g[GLOBAL_KEY];
      throw error;
    });
  return g[GLOBAL_KEY];
}
