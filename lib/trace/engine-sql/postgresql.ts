import type { TraceEngineSql } from './types';

/**
 * The trace's hand-written SQL on PostgreSQL (migration trace_search in prisma/postgresql).
 *
 * A serial id is taken at INSERT, not at COMMIT: with several writers (connections, instances), a
 * batch holding id 10 can commit after one holding id 11, so "everything up to the newest id is
 * committed" is not true by itself. Every recorder batch therefore holds a shared advisory lock for
 * its transaction, and an indexing pass takes the same lock exclusively: while it holds it no batch
 * is in flight, so every id up to MAX(id) that will ever commit has. Writers queue for the length
 * of one pass (at most `chunk` events), never for each other. The lock is its own statement: under
 * READ COMMITTED each statement reads a snapshot taken when it starts, so the pass must start after
 * the lock is held to see the batches it waited for.
 */
const SEARCH_LOCK = 0x61636f73; // "acos"

export const postgresTraceSql: TraceEngineSql = {
  batchPrelude: [`SELECT pg_advisory_xact_lock_shared(${SEARCH_LOCK})`],
  searchIndexPass(chunk) {
    return [
      `SELECT pg_advisory_xact_lock(${SEARCH_LOCK})`,
      `WITH "bounds" AS MATERIALIZED (
    SELECT p."indexedThrough" AS "lo", LEAST((SELECT COALESCE(MAX("id"), 0) FROM "TraceEvent"), p."indexedThrough" + ${chunk}) AS "hi"
    FROM "TraceSearchProgress" p WHERE p."id" = 1 FOR UPDATE),
  "indexed" AS (
    INSERT INTO "TraceEventSearch" ("eventId", "runId", "document")
    SELECT e."id", e."runId", trace_event_search_document(e."type", e."toolName", e."payload")
    FROM "TraceEvent" e, "bounds" b
    WHERE e."id" > b."lo" AND e."id" <= b."hi" AND e."type" IN ('model.step', 'tool.call', 'tool.result', 'message.sent')
    ON CONFLICT ("eventId") DO NOTHING)
UPDATE "TraceSearchProgress" p SET "indexedThrough" = b."hi" FROM "bounds" b WHERE p."id" = 1 AND b."hi" > b."lo"`,
    ];
  },
};
