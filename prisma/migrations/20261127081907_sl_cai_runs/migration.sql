-- DropIndex
DROP INDEX "Chain_initialResponseId_key";

-- DropIndex
DROP INDEX "Chain_runId_idx";

-- AlterTable
ALTER TABLE "ModelEndpoint" ADD COLUMN     "fromEnv" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "RunItem" ADD COLUMN     "calls" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "completionTokens" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "promptTokens" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "RunError" (
    "id" SERIAL NOT NULL,
    "runId" INTEGER NOT NULL,
    "runItemId" INTEGER,
    "kind" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "retried" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RunError_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RunError_runId_createdAt_idx" ON "RunError"("runId", "createdAt");

-- CreateIndex
CREATE INDEX "RunItem_runId_finishedAt_idx" ON "RunItem"("runId", "finishedAt");

-- CreateIndex
CREATE INDEX "Chain_initialResponseId_idx" ON "Chain"("initialResponseId");

-- CreateIndex
CREATE UNIQUE INDEX "Chain_runId_promptId_key" ON "Chain"("runId", "promptId");

-- AddForeignKey
ALTER TABLE "RunError" ADD CONSTRAINT "RunError_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunError" ADD CONSTRAINT "RunError_runItemId_fkey" FOREIGN KEY ("runItemId") REFERENCES "RunItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written SQL that Prisma cannot express goes below this line.
