-- A run ingested from another agent system over OTLP (POST /v1/traces) is marked as such: no re-run or fork.
ALTER TABLE "Run" ADD COLUMN "source" TEXT NOT NULL DEFAULT 'local';
