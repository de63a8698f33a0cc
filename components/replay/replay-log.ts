import type { TraceEvent } from '@/lib/trace/events';
import { emptyRunView, reduceRunView, type RunView } from '@/lib/trace/projections/run-view';
import { foldBatch } from '@/lib/trace/projections/fold';

/**
 * What a replay needs from a run page's fold: the events in the order they were applied, and the
 * view every `every` events (the projections are immutable, so a kept view is a snapshot that
 * shares its unchanged parts). The view at any position is the nearest checkpoint at or before
 * it, folded forward with the same reducer the live page uses: a replay and a live run show the
 * same state for the same prefix, by construction.
 */
export interface ReplayLog {
  readonly events: TraceEvent[];
  /** checkpoints[i] is the view after the first i * every events. */
  readonly checkpoints: RunView[];
  readonly every: number;
}

export function createReplayLog(every = 64): ReplayLog {
  return { events: [], checkpoints: [emptyRunView], every };
}

/**
 * Applies a batch to `view`, appending each event that the reducer takes (seq de-duplication is the
 * reducer's) to the log, with a checkpoint at every `every` events. Appends to the log in place:
 * call it once per batch, outside React's state updaters.
 */
export function foldRecording(log: ReplayLog, view: RunView, batch: readonly TraceEvent[]): RunView {
  let state = view;
  // New events only (the reducer would ignore the others), in chunks that end on checkpoint boundaries.
  const fresh = batch.filter((e, i) => e.seq > state.summary.lastSeq && (i === 0 || e.seq > batch[i - 1].seq));
  let i = 0;
  while (i < fresh.length) {
    const room = log.every - (log.events.length % log.every);
    const chunk = fresh.slice(i, i + room);
    state = foldBatch(reduceRunView, state, chunk);
    log.events.push(...chunk);
    if (log.events.length % log.every === 0) log.checkpoints.push(state);
    i += chunk.length;
  }
  return state;
}

interface Positioned {
  position: number;
  view: RunView;
}

/** The last view computed per log: stepping forward by one folds one event, not a checkpoint's worth. */
const lastComputed = new WeakMap<ReplayLog, Positioned>();

/** The view after the first `position` events. */
export function viewAt(log: ReplayLog, position: number): RunView {
  const p = Math.max(0, Math.min(log.events.length, Math.floor(position)));
  const near = lastComputed.get(log);
  if (near && near.position === p) return near.view;
  const c = Math.min(Math.floor(p / log.every), log.checkpoints.length - 1);
  let from = c * log.every;
  let state = log.checkpoints[c];
  if (near && near.position <= p && near.position > from) {
    from = near.position;
    state = near.view;
  }
  for (let i = from; i < p; i++) state = reduceRunView(state, log.events[i]);
  lastComputed.set(log, { position: p, view: state });
  return state;
}

/** The position at which the event with this seq is the last one applied (0 when it is not in the log). */
export function positionOfSeq(log: ReplayLog, seq: number): number {
  let lo = 0;
  let hi = log.events.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = log.events[mid].seq;
    if (s === seq) return mid + 1;
    if (s < seq) lo = mid + 1;
    else hi = mid - 1;
  }
  // Not recorded (a gap, or beyond the end): the last position before it.
  return lo;
}

/** The seq of the last event applied at a position (0 before the first). */
export const seqAt = (log: ReplayLog, position: number): number => (position <= 0 ? 0 : (log.events[Math.min(position, log.events.length) - 1]?.seq ?? 0));
