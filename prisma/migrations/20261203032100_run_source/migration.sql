-- A run's source: 'local' (our agents ran it) or 'otlp' (another agent system's trace, ingested at
-- POST /v1/traces). ADD COLUMN rather than Prisma's table rebuild: a rebuild would drop the Run
-- table's triggers (the search key).
ALTER TABLE "Run" ADD COLUMN "source" TEXT NOT NULL DEFAULT 'local';
