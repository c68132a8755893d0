-- AlterTable
ALTER TABLE "ModelEndpoint" ADD COLUMN     "lastTestOk" BOOLEAN,
ADD COLUMN     "lastTestedAt" TIMESTAMP(3);

-- Hand-written SQL that Prisma cannot express goes below this line.
