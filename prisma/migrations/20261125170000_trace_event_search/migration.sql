-- Free-text search over the trace (history search, issue 8). Hand-written: Prisma's schema
-- language has no FTS5, so these objects are outside schema.prisma and
-- scripts/db/create-migration.ts lists them as external tables.
--
-- TraceEventSearchSource: the searchable text of each event that carries text (reasoning, model
-- text and tool choices, tool inputs, outputs and errors, messages between agents), one place for
-- the extraction rules. TraceEventSearch: a contentless FTS5 index over it, rowid = TraceEvent.id;
-- runId is stored beside the index (contentless_unindexed) so a match names its run without a
-- lookup in TraceEvent. Kept in sync by triggers on TraceEvent's insert and delete paths (the
-- recorder's multi-row INSERTs and a run's cascading delete).

-- CreateView
CREATE VIEW "TraceEventSearchSource" AS
SELECT
    "id",
    "runId",
    CASE "type"
        WHEN 'model.step' THEN concat_ws(' ', json_extract("payload", '$.reasoning'), json_extract("payload", '$.text'), json_extract("payload", '$.toolCalls'))
        WHEN 'tool.call' THEN concat_ws(' ', "toolName", json_extract("payload", '$.input'))
        WHEN 'tool.result' THEN concat_ws(' ', "toolName", json_extract("payload", '$.output'), json_extract("payload", '$.error'))
        WHEN 'message.sent' THEN concat_ws(' ', json_extract("payload", '$.text'), json_extract("payload", '$.data'))
    END AS "body"
FROM "TraceEvent"
WHERE "type" IN ('model.step', 'tool.call', 'tool.result', 'message.sent');

-- CreateTable
CREATE VIRTUAL TABLE "TraceEventSearch" USING fts5(
    "body",
    "runId" UNINDEXED,
    content = '',
    contentless_delete = 1,
    contentless_unindexed = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Backfill
INSERT INTO "TraceEventSearch" ("rowid", "body", "runId")
SELECT "id", "body", "runId" FROM "TraceEventSearchSource";

-- CreateTrigger
CREATE TRIGGER "TraceEvent_search_insert" AFTER INSERT ON "TraceEvent"
WHEN NEW."type" IN ('model.step', 'tool.call', 'tool.result', 'message.sent')
BEGIN
    INSERT INTO "TraceEventSearch" ("rowid", "body", "runId")
    SELECT "id", "body", "runId" FROM "TraceEventSearchSource" WHERE "id" = NEW."id";
END;

-- CreateTrigger
CREATE TRIGGER "TraceEvent_search_delete" AFTER DELETE ON "TraceEvent"
WHEN OLD."type" IN ('model.step', 'tool.call', 'tool.result', 'message.sent')
BEGIN
    DELETE FROM "TraceEventSearch" WHERE "rowid" = OLD."id";
END;
