import type { TraceEvent } from '@/lib/trace/events';
import { emptyRunView, reduceRunView, type RunView } from '@/lib/trace/projections/run-view';
import { foldBatch, type BatchOwned } from '@/lib/trace/projections/fold';

/**
 * What a replay needs from a run page's fold: the events in the order they were applied, and
 * checkpoints of the view (the projections are immutable, so a kept view is a snapshot that shares
 * its unchanged parts). The view at any position is the nearest checkpoint at or before it, folded
 * forward with the same reducer the live page uses: a replay and a live run show the same state
 * for the same prefix, by construction.
 *
 * Checkpoints are `every` events apart at first, then an eighth of the log apart: each one makes
 * the next batch copy the state's records (spans, calls) once, so a fixed spacing costs
 * O(events² / every) on a long log (a 36,000-event run spent seconds there), while a growing one
 * keeps the copying near linear and a seek folds at most an eighth of the log forward (a batch, a
 * few milliseconds).
 */
export interface ReplayLog {
  readonly events: TraceEvent[];
  /** Ascending by position; the first is the empty view at 0. */
  readonly checkpoints: Checkpoint[];
  /** The closest spacing of checkpoints. */
  readonly every: number;
}

export interface Checkpoint {
  /** The view after the first `position` events. */
  position: number;
  view: RunView;
}

export function createReplayLog(every = 64): ReplayLog {
  return { events: [], checkpoints: [{ position: 0, view: emptyRunView }], every };
}

/** Where the checkpoint after one at `position` goes. */
const nextCheckpoint = (log: ReplayLog, position: number): number =>
  position + Math.max(log.every, Math.floor(position / 8));

/**
 * A fold fed in pieces whose results nobody sees until it ends (a run's recorded log, loading):
 * records are copied once per checkpoint instead of once per piece. Drop it (and fold without one)
 * as soon as a view it returned has been shown.
 */
export interface UnseenFold {
  owned: BatchOwned;
}

export const startUnseenFold = (): UnseenFold => ({ owned: new WeakSet() });

/**
 * Applies a batch to `view`, appending each event that the reducer takes (seq de-duplication is the
 * reducer's) to the log, with checkpoints as spaced above. Appends to the log in place: call it once
 * per batch, outside React's state updaters. `unseen`: `view` came from the same unseen fold and
 * nobody has seen it, so its records may grow in place.
 */
export function foldRecording(
  log: ReplayLog,
  view: RunView,
  batch: readonly TraceEvent[],
  unseen?: UnseenFold,
): RunView {
  let state = view;
  // New events only (the reducer would ignore the others), in chunks that end on checkpoint boundaries.
  const fresh = batch.filter((e, i) => e.seq > state.summary.lastSeq && (i === 0 || e.seq > batch[i - 1].seq));
  let i = 0;
  while (i < fresh.length) {
    const next = nextCheckpoint(log, log.checkpoints[log.checkpoints.length - 1].position);
    const chunk = fresh.slice(i, i + (next - log.events.length));
    state = foldBatch(reduceRunView, state, chunk, unseen?.owned);
    log.events.push(...chunk);
    if (log.events.length === next) {
      log.checkpoints.push({ position: next, view: state });
      // The checkpoint is kept: what it holds must never change again.
      if (unseen) unseen.owned = new WeakSet();
    }
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

/** The last checkpoint at or before position p. */
function checkpointAt(log: ReplayLog, p: number): Checkpoint {
  let lo = 0;
  let hi = log.checkpoints.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (log.checkpoints[mid].position <= p) lo = mid;
    else hi = mid - 1;
  }
  return log.checkpoints[lo];
}

/** The view after the first `position` events. */
export function viewAt(log: ReplayLog, position: number): RunView {
  const p = Math.max(0, Math.min(log.events.length, Math.floor(position)));
  const near = lastComputed.get(log);
  if (near && near.position === p) return near.view;
  let { position: from, view: state } = checkpointAt(log, p);
  if (near && near.position <= p && near.position > from) {
    from = near.position;
    state = near.view;
  }
  // One batch: the views in between are never shown.
  state = foldBatch(reduceRunView, state, log.events.slice(from, p));
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
export const seqAt = (log: ReplayLog, position: number): number =>
  position <= 0 ? 0 : (log.events[Math.min(position, log.events.length) - 1]?.seq ?? 0);
