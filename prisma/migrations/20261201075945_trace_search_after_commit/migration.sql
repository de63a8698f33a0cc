-- CreateTable
CREATE TABLE "TraceSearchProgress" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "indexedThrough" INTEGER NOT NULL DEFAULT 0
);

-- Everything below is hand-written (Prisma's schema language has no triggers or FTS5).
--
-- The history search index is fed after commit instead of on the insert path: the per-row trigger
-- cost the recorder about 40% of its insert work (6 µs of 16 per event), while indexing the same
-- events as one INSERT ... SELECT per committed batch costs about 2.3 µs per event (measured on
-- the bench's 16-run workload). lib/trace/search-indexer.ts runs a pass after each recorder commit
-- (and at start-up): it moves TraceSearchProgress.indexedThrough up to the newest event, and the
-- trigger below indexes the events in between in the same statement, so the index and its
-- watermark can never disagree. TraceEvent.id is AUTOINCREMENT: ids only grow in commit order and
-- are never reused, so everything at or below the watermark has been seen.

-- Everything recorded so far was indexed by the insert trigger.
INSERT INTO "TraceSearchProgress" ("id", "indexedThrough") SELECT 1, COALESCE(MAX("id"), 0) FROM "TraceEvent";

-- DropTrigger: indexing leaves the insert path.
DROP TRIGGER "TraceEvent_search_insert";

-- CreateTrigger: moving the watermark indexes what it moves over.
CREATE TRIGGER "TraceSearchProgress_index" AFTER UPDATE OF "indexedThrough" ON "TraceSearchProgress"
WHEN NEW."indexedThrough" > OLD."indexedThrough"
BEGIN
    INSERT INTO "TraceEventSearch" ("rowid", "body")
    SELECT "searchRowid", "body" FROM "TraceEventSearchSource" WHERE "id" > OLD."indexedThrough" AND "id" <= NEW."indexedThrough";
END;
