-- AlterEnum
ALTER TYPE "ComparisonSource" ADD VALUE 'ARMS';

-- CreateTable
CREATE TABLE "Experiment" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "datasetId" INTEGER NOT NULL,
    "config" JSONB NOT NULL,
    "seed" INTEGER NOT NULL,
    "judgeRunId" INTEGER,
    "scoreRunId" INTEGER,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Experiment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExperimentArm" (
    "id" SERIAL NOT NULL,
    "experimentId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "runId" INTEGER,

    CONSTRAINT "ExperimentArm_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExperimentPrompt" (
    "experimentId" INTEGER NOT NULL,
    "promptId" INTEGER NOT NULL,

    CONSTRAINT "ExperimentPrompt_pkey" PRIMARY KEY ("experimentId","promptId")
);

-- CreateTable
CREATE TABLE "ExperimentPair" (
    "experimentId" INTEGER NOT NULL,
    "comparisonId" INTEGER NOT NULL,
    "armXId" INTEGER NOT NULL,
    "armYId" INTEGER NOT NULL,
    "promptId" INTEGER NOT NULL,

    CONSTRAINT "ExperimentPair_pkey" PRIMARY KEY ("comparisonId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Experiment_name_key" ON "Experiment"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Experiment_judgeRunId_key" ON "Experiment"("judgeRunId");

-- CreateIndex
CREATE UNIQUE INDEX "Experiment_scoreRunId_key" ON "Experiment"("scoreRunId");

-- CreateIndex
CREATE UNIQUE INDEX "ExperimentArm_runId_key" ON "ExperimentArm"("runId");

-- CreateIndex
CREATE UNIQUE INDEX "ExperimentArm_experimentId_name_key" ON "ExperimentArm"("experimentId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "ExperimentArm_experimentId_position_key" ON "ExperimentArm"("experimentId", "position");

-- CreateIndex
CREATE INDEX "ExperimentPrompt_promptId_idx" ON "ExperimentPrompt"("promptId");

-- CreateIndex
CREATE UNIQUE INDEX "ExperimentPair_experimentId_armXId_armYId_promptId_key" ON "ExperimentPair"("experimentId", "armXId", "armYId", "promptId");

-- AddForeignKey
ALTER TABLE "Experiment" ADD CONSTRAINT "Experiment_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Experiment" ADD CONSTRAINT "Experiment_judgeRunId_fkey" FOREIGN KEY ("judgeRunId") REFERENCES "Run"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Experiment" ADD CONSTRAINT "Experiment_scoreRunId_fkey" FOREIGN KEY ("scoreRunId") REFERENCES "Run"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Experiment" ADD CONSTRAINT "Experiment_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExperimentArm" ADD CONSTRAINT "ExperimentArm_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExperimentArm" ADD CONSTRAINT "ExperimentArm_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExperimentPrompt" ADD CONSTRAINT "ExperimentPrompt_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExperimentPrompt" ADD CONSTRAINT "ExperimentPrompt_promptId_fkey" FOREIGN KEY ("promptId") REFERENCES "Prompt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExperimentPair" ADD CONSTRAINT "ExperimentPair_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExperimentPair" ADD CONSTRAINT "ExperimentPair_comparisonId_fkey" FOREIGN KEY ("comparisonId") REFERENCES "Comparison"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExperimentPair" ADD CONSTRAINT "ExperimentPair_armXId_fkey" FOREIGN KEY ("armXId") REFERENCES "ExperimentArm"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExperimentPair" ADD CONSTRAINT "ExperimentPair_armYId_fkey" FOREIGN KEY ("armYId") REFERENCES "ExperimentArm"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written SQL that Prisma cannot express goes below this line.
