-- AlterEnum
ALTER TYPE "ExportStatus" ADD VALUE 'CANCELLED';

-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "waitingForKey" TEXT;

-- AlterTable
ALTER TABLE "ExportRun" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0;

-- Hand-written SQL that Prisma cannot express goes below this line.
