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

/** A copy of the record with one entry set (projection states are never mutated). */
export function withEntry<T>(record: Readonly<Record<string, T>>, key: string, value: T): Record<string, T> {
  return { ...record, [key]: value };
}
