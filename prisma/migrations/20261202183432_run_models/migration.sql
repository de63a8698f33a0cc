-- CreateTable
CREATE TABLE "RunModel" (
    "runId" TEXT NOT NULL,
    "agent" TEXT NOT NULL,
    "model" TEXT NOT NULL,

    PRIMARY KEY ("runId", "agent"),
    CONSTRAINT "RunModel_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "RunModel_model_runId_idx" ON "RunModel"("model", "runId");
