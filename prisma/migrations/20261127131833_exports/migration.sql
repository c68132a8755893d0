-- CreateEnum
CREATE TYPE "ExportLayout" AS ENUM ('SFT', 'PREFERENCE', 'H4_CAI');

-- CreateEnum
CREATE TYPE "ExportFileType" AS ENUM ('JSONL', 'CSV', 'PARQUET');

-- Written by hand: prisma migrate diff altered ExportStatus before the table that uses it existed.
-- Nothing ever wrote the old Export table (exports arrive with this migration), so it is re-made.
DROP TABLE "Export";
DROP TYPE "ExportFormat";
DROP TYPE "ExportStatus";

-- CreateEnum
CREATE TYPE "ExportStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED');

-- CreateTable
CREATE TABLE "Export" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "layout" "ExportLayout" NOT NULL,
    "fileType" "ExportFileType" NOT NULL,
    "definition" JSONB NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Export_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Export_createdAt_idx" ON "Export"("createdAt");

-- AddForeignKey
ALTER TABLE "Export" ADD CONSTRAINT "Export_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- CreateTable
CREATE TABLE "ExportRun" (
    "id" SERIAL NOT NULL,
    "exportId" INTEGER NOT NULL,
    "status" "ExportStatus" NOT NULL DEFAULT 'QUEUED',
    "definition" JSONB NOT NULL,
    "layout" "ExportLayout" NOT NULL,
    "fileType" "ExportFileType" NOT NULL,
    "totalRows" INTEGER,
    "rowsWritten" INTEGER NOT NULL DEFAULT 0,
    "directory" TEXT,
    "manifest" JSONB,
    "error" TEXT,
    "claimedBy" TEXT,
    "heartbeatAt" TIMESTAMP(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ExportRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ExportRun_exportId_createdAt_idx" ON "ExportRun"("exportId", "createdAt");

-- CreateIndex
CREATE INDEX "ExportRun_status_idx" ON "ExportRun"("status");

-- CreateIndex
CREATE UNIQUE INDEX "Export_name_key" ON "Export"("name");

-- AddForeignKey
ALTER TABLE "ExportRun" ADD CONSTRAINT "ExportRun_exportId_fkey" FOREIGN KEY ("exportId") REFERENCES "Export"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExportRun" ADD CONSTRAINT "ExportRun_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Hand-written SQL that Prisma cannot express goes below this line.
