-- DropIndex
DROP INDEX "TraceEvent_faultKind_runId_idx";

-- DropIndex
DROP INDEX "TraceEvent_errorCode_runId_idx";

-- DropIndex
DROP INDEX "TraceEvent_toolName_runId_idx";

-- DropIndex
DROP INDEX "TraceEvent_agent_runId_idx";

-- DropIndex
DROP INDEX "TraceEvent_type_runId_idx";

-- CreateIndex
CREATE INDEX "TraceEvent_agent_runId_idx" ON "TraceEvent"("agent", "runId") WHERE "agent" IS NOT NULL;

-- CreateIndex
CREATE INDEX "TraceEvent_toolName_runId_idx" ON "TraceEvent"("toolName", "runId") WHERE "toolName" IS NOT NULL;

-- CreateIndex
CREATE INDEX "TraceEvent_errorCode_runId_idx" ON "TraceEvent"("errorCode", "runId") WHERE "errorCode" IS NOT NULL;

-- CreateIndex
CREATE INDEX "TraceEvent_faultKind_runId_idx" ON "TraceEvent"("faultKind", "runId") WHERE "faultKind" IS NOT NULL;

-- CreateIndex
CREATE INDEX "TraceEvent_run_end_idx" ON "TraceEvent"("runId") WHERE "type" IN ('run.finished', 'run.interrupted');
