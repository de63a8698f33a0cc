import type { TraceEngineSql } from './types';

/**
 * The trace's hand-written SQL on SQLite. One writer connection per process: a recorder batch needs
 * no lock of its own. The search pass moves TraceSearchProgress.indexedThrough and a trigger indexes
 * what it moves over (migration trace_search_after_commit); ids only grow in commit order there.
 */
export const sqliteTraceSql: TraceEngineSql = {
  batchPrelude: [],
  searchIndexPass(chunk) {
    return [
      `UPDATE "TraceSearchProgress"
    SET "indexedThrough" = MIN((SELECT MAX("id") FROM "TraceEvent"), "indexedThrough" + ${chunk})
    WHERE "id" = 1 AND "indexedThrough" < (SELECT MAX("id") FROM "TraceEvent")`,
    ];
  },
};
