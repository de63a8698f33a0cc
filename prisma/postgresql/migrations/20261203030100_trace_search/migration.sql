-- The history search index on PostgreSQL: the twin of the SQLite migrations trace_event_search,
-- trace_search_by_run and trace_search_after_commit (FTS5 there, tsvector and GIN here).
-- Hand-written: Prisma's schema language has no tsvector columns, GIN indexes or functions, so
-- scripts/db/schema-diff.ts lists this table as external.
--
-- TraceEventSearch holds one row per event that carries text (reasoning, model text and tool
-- choices, tool inputs, outputs and errors, messages between agents): its run (so a match names
-- its run without a lookup in TraceEvent) and its words as a tsvector. It is fed after commit, as
-- on SQLite: lib/trace/search-indexer.ts moves TraceSearchProgress.indexedThrough forward and
-- indexes the events in between in the same statement (lib/trace/engine-sql/postgresql.ts).

-- The searchable words of an event. Every run of characters that are not letters or digits splits
-- words, as FTS5's unicode61 tokenizer does (PostgreSQL's own parser would keep e-mail addresses,
-- paths and numbers with dots whole, and "card" would not find "card-1"). 'simple': no stemming
-- and no stop words, like the SQLite index. A NUL escape cannot become jsonb: dropped first.
CREATE FUNCTION "trace_event_search_document"("type" TEXT, "toolName" TEXT, "payload" TEXT) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT to_tsvector('simple', regexp_replace(coalesce(CASE "type"
        WHEN 'model.step' THEN concat_ws(' ', p->>'reasoning', p->>'text', p->>'toolCalls')
        WHEN 'tool.call' THEN concat_ws(' ', "toolName", p->>'input')
        WHEN 'tool.result' THEN concat_ws(' ', "toolName", p->>'output', p->>'error')
        WHEN 'message.sent' THEN concat_ws(' ', p->>'text', p->>'data')
    END, ''), '[^[:alnum:]]+', ' ', 'g'))
    FROM (SELECT replace("payload", '\u0000', '')::jsonb AS p) AS parsed
$$;

-- CreateTable
CREATE TABLE "TraceEventSearch" (
    "eventId" INTEGER NOT NULL,
    "runId" TEXT NOT NULL,
    "document" tsvector NOT NULL,

    CONSTRAINT "TraceEventSearch_pkey" PRIMARY KEY ("eventId"),
    CONSTRAINT "TraceEventSearch_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "TraceEvent"("id") ON DELETE CASCADE
);

-- CreateIndex
CREATE INDEX "TraceEventSearch_document_idx" ON "TraceEventSearch" USING GIN ("document");

-- The watermark's one row: nothing recorded yet.
INSERT INTO "TraceSearchProgress" ("id", "indexedThrough") VALUES (1, 0);
