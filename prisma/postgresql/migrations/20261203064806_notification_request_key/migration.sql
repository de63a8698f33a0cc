-- AlterTable
ALTER TABLE "Notification" ADD COLUMN "requestKey" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Notification_requestKey_key" ON "Notification"("requestKey");
