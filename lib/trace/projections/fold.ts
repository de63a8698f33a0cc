import type { TraceEvent } from '../events';

/**
 * Every projection is a reducer over the one event log: a live view applies events one at a
 * time as they stream in, a replay folds a prefix, the server folds the whole log. Same code.
 */
export type Reducer<S> = (state: S, event: TraceEvent) => S;

export function foldWith<S>(reduce: Reducer<S>, initial: S, events: Iterable<TraceEvent>): S {
  let state = initial;
  for (const event of events) state = reduce(state, event);
  return state;
}

/** A record lookup that ignores inherited keys, since span ids and names come from emitters. */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Records and arrays made during the current batch: nobody outside the batch has seen them, so they may grow in place. */
let batchOwned: WeakSet<object> | null = null;

/** A copy of the record with one entry set (projection states are never mutated once seen). */
export function withEntry<T>(record: Readonly<Record<string, T>>, key: string, value: T): Record<string, T> {
  if (batchOwned?.has(record)) {
    (record as Record<string, T>)[key] = value;
    return record as Record<string, T>;
  }
  const copy = { ...record, [key]: value };
  batchOwned?.add(copy);
  return copy;
}

/** A copy of the array with one item appended (same rule as withEntry). */
export function withItem<T>(array: readonly T[], item: T): T[] {
  if (batchOwned?.has(array)) {
    (array as T[]).push(item);
    return array as T[];
  }
  const copy = [...array, item];
  batchOwned?.add(copy);
  return copy;
}

/** A copy of the array with one item replaced (same rule as withEntry). */
export function withIndex<T>(array: readonly T[], index: number, item: T): T[] {
  if (batchOwned?.has(array)) {
    (array as T[])[index] = item;
    return array as T[];
  }
  const copy = [...array];
  copy[index] = item;
  batchOwned?.add(copy);
  return copy;
}

/** What a batch has made so far: pass the same one to several foldBatch calls to make them one batch. */
export type BatchOwned = WeakSet<object>;

/**
 * Folds a batch whose intermediate states nobody sees: each record is copied once per batch, not
 * once per event. `owned` continues an earlier batch, for a fold fed in pieces (a log arriving over
 * the network): only while nobody outside has seen the state the earlier call returned.
 */
export function foldBatch<S>(
  reduce: Reducer<S>,
  initial: S,
  events: Iterable<TraceEvent>,
  owned: BatchOwned = new WeakSet(),
): S {
  const outer = batchOwned;
  batchOwned = owned;
  try {
    return foldWith(reduce, initial, events);
  } finally {
    batchOwned = outer;
  }
}
