-- CreateTable
CREATE TABLE "HubPush" (
    "id" SERIAL NOT NULL,
    "exportRunId" INTEGER NOT NULL,
    "repo" TEXT NOT NULL,
    "private" BOOLEAN NOT NULL DEFAULT true,
    "status" "ExportStatus" NOT NULL DEFAULT 'QUEUED',
    "hubUrl" TEXT,
    "commitOid" TEXT,
    "commitUrl" TEXT,
    "error" TEXT,
    "claimedBy" TEXT,
    "heartbeatAt" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "createdById" TEXT,
    "actor" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "HubPush_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "HubPush_exportRunId_createdAt_idx" ON "HubPush"("exportRunId", "createdAt");

-- CreateIndex
CREATE INDEX "HubPush_status_idx" ON "HubPush"("status");

-- AddForeignKey
ALTER TABLE "HubPush" ADD CONSTRAINT "HubPush_exportRunId_fkey" FOREIGN KEY ("exportRunId") REFERENCES "ExportRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HubPush" ADD CONSTRAINT "HubPush_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Hand-written SQL that Prisma cannot express goes below this line.
