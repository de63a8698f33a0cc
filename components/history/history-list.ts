import type { HistoryRun, RunChangeFrame } from '../api/history';
import type { Order, Sort } from './history-url';

/**
 * The loaded part of the history list, kept current by the live feed: a pure fold, so the page's
 * behaviour under starts, progress, ends and filter changes is unit-tested without a browser.
 */

export interface LoadedList {
  runs: HistoryRun[];
  /** The cursor of the page after the loaded rows; null when everything that matches is loaded. */
  nextCursor: string | null;
  /** Runs that started and match while a later page is open (shown as "n new on the first page"). */
  unseen: number;
}

/** A run's sort key as the API orders it: its Run row's figure, absent ones (running) last in either order. */
function sortValue(run: HistoryRun, sort: Sort): string | number | null {
  switch (sort) {
    case 'startedAt':
      return run.startedAt;
    case 'duration':
      return run.status === 'running' ? null : run.durationMs;
    case 'tokens':
      return run.status === 'running' ? null : run.tokens;
    case 'cost':
      return run.status === 'running' ? null : run.costUsd;
    case 'steps':
      return run.status === 'running' ? null : run.stepCount;
  }
}

/** Negative when a comes first. Ties go by id, in the same direction (the API's keyset order). */
export function compareRuns(a: HistoryRun, b: HistoryRun, sort: Sort, order: Order): number {
  const va = sortValue(a, sort);
  const vb = sortValue(b, sort);
  const dir = order === 'asc' ? 1 : -1;
  if (va === null || vb === null) {
    if (va !== vb) return va === null ? 1 : -1;
  } else if (va !== vb) return (va < vb ? -1 : 1) * dir;
  return a.id === b.id ? 0 : (a.id < b.id ? -1 : 1) * dir;
}

/**
 * Applies one frame of the live feed. A run that no longer matches leaves; a known run is
 * updated (and moves if its sort key changed); a new one is inserted where it sorts, unless it
 * sorts after the loaded rows while more pages exist (a later page's cursor will reach it).
 * On a later page (`paged`), new runs are counted, not inserted: they belong before it.
 */
export function applyRunChange(
  list: LoadedList,
  frame: RunChangeFrame,
  sort: Sort,
  order: Order,
  paged = false,
): LoadedList {
  const index = list.runs.findIndex((r) => r.id === frame.run.id);
  if (!frame.matches) {
    return index === -1 ? list : { ...list, runs: list.runs.filter((_, i) => i !== index) };
  }
  const rest = index === -1 ? list.runs : list.runs.filter((_, i) => i !== index);
  if (index === -1 && paged) return { ...list, unseen: list.unseen + 1 };
  let at = rest.findIndex((r) => compareRuns(frame.run, r, sort, order) < 0);
  if (at === -1) {
    // Sorts after every loaded row: while more pages exist, it is on one of them (the cursor reaches it).
    if (list.nextCursor !== null) return index === -1 ? list : { ...list, runs: rest };
    at = rest.length;
  }
  return { ...list, runs: [...rest.slice(0, at), frame.run, ...rest.slice(at)] };
}
