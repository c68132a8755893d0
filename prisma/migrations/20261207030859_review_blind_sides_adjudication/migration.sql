-- AlterEnum
ALTER TYPE "Role" ADD VALUE 'ADJUDICATOR';

-- AlterTable
ALTER TABLE "HumanLabel" ADD COLUMN     "shownOrder" "LabelOrder";

-- AlterTable
ALTER TABLE "ReviewQueue" ADD COLUMN     "adjudicationThreshold" DOUBLE PRECISION,
ADD COLUMN     "sideSeed" TEXT;

-- CreateTable
CREATE TABLE "ReviewReveal" (
    "id" SERIAL NOT NULL,
    "queueId" INTEGER NOT NULL,
    "comparisonId" INTEGER NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReviewReveal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Adjudication" (
    "id" SERIAL NOT NULL,
    "comparisonId" INTEGER NOT NULL,
    "queueId" INTEGER,
    "userId" TEXT,
    "choice" "HumanChoice" NOT NULL,
    "reason" TEXT NOT NULL,
    "supersededAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Adjudication_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ReviewReveal_queueId_comparisonId_userId_key" ON "ReviewReveal"("queueId", "comparisonId", "userId");

-- CreateIndex
CREATE INDEX "Adjudication_comparisonId_idx" ON "Adjudication"("comparisonId");

-- AddForeignKey
ALTER TABLE "ReviewReveal" ADD CONSTRAINT "ReviewReveal_queueId_fkey" FOREIGN KEY ("queueId") REFERENCES "ReviewQueue"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewReveal" ADD CONSTRAINT "ReviewReveal_comparisonId_fkey" FOREIGN KEY ("comparisonId") REFERENCES "Comparison"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewReveal" ADD CONSTRAINT "ReviewReveal_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Adjudication" ADD CONSTRAINT "Adjudication_comparisonId_fkey" FOREIGN KEY ("comparisonId") REFERENCES "Comparison"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Adjudication" ADD CONSTRAINT "Adjudication_queueId_fkey" FOREIGN KEY ("queueId") REFERENCES "ReviewQueue"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Adjudication" ADD CONSTRAINT "Adjudication_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Hand-written SQL that Prisma cannot express goes below this line.
