-- DropIndex
DROP INDEX "AiLabel_runId_idx";

-- AlterTable
ALTER TABLE "Comparison" DROP COLUMN "flipped";

-- AlterTable
ALTER TABLE "AiLabel" ADD COLUMN     "bounded" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "reasoningCallId" INTEGER;

-- CreateTable
CREATE TABLE "AiVerdict" (
    "id" SERIAL NOT NULL,
    "comparisonId" INTEGER NOT NULL,
    "runId" INTEGER NOT NULL,
    "endpointId" INTEGER,
    "pA" DOUBLE PRECISION NOT NULL,
    "pAUsed" DOUBLE PRECISION NOT NULL,
    "flips" INTEGER NOT NULL,
    "spread" DOUBLE PRECISION NOT NULL,
    "principles" INTEGER NOT NULL,
    "method" "LabelMethod" NOT NULL,
    "chainOfThought" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AiVerdict_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AiVerdict_comparisonId_idx" ON "AiVerdict"("comparisonId");

-- CreateIndex
CREATE UNIQUE INDEX "AiVerdict_runId_comparisonId_key" ON "AiVerdict"("runId", "comparisonId");

-- CreateIndex
CREATE UNIQUE INDEX "AiLabel_runId_comparisonId_principleId_order_key" ON "AiLabel"("runId", "comparisonId", "principleId", "order");

-- AddForeignKey
ALTER TABLE "AiVerdict" ADD CONSTRAINT "AiVerdict_comparisonId_fkey" FOREIGN KEY ("comparisonId") REFERENCES "Comparison"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AiVerdict" ADD CONSTRAINT "AiVerdict_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written SQL that Prisma cannot express goes below this line.
