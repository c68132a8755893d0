-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('ADMIN', 'REVIEWER', 'VIEWER');

-- CreateEnum
CREATE TYPE "ImportFormat" AS ENUM ('PROMPTS', 'HH_RLHF', 'CAI_SL_CHAINS', 'CAI_RL_SAMPLES', 'CONSTITUTION');

-- CreateEnum
CREATE TYPE "ImportStatus" AS ENUM ('RUNNING', 'SUCCEEDED', 'FAILED');

-- CreateEnum
CREATE TYPE "ResponseOrigin" AS ENUM ('INITIAL', 'REVISION', 'SAMPLE', 'IMPORTED');

-- CreateEnum
CREATE TYPE "PrincipleKind" AS ENUM ('CRITIQUE_REVISION', 'PREFERENCE');

-- CreateEnum
CREATE TYPE "FewShotKind" AS ENUM ('CRITIQUE_REVISION', 'PREFERENCE', 'PREFERENCE_COT');

-- CreateEnum
CREATE TYPE "EndpointKind" AS ENUM ('OPENAI_COMPATIBLE', 'ANTHROPIC');

-- CreateEnum
CREATE TYPE "RunKind" AS ENUM ('SL_CAI', 'SAMPLE', 'LABEL', 'SCORE');

-- CreateEnum
CREATE TYPE "RunStatus" AS ENUM ('QUEUED', 'RUNNING', 'PAUSED', 'CANCELLED', 'SUCCEEDED', 'FAILED');

-- CreateEnum
CREATE TYPE "RunItemStatus" AS ENUM ('PENDING', 'CLAIMED', 'DONE', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "ComparisonSource" AS ENUM ('IMPORTED', 'CHAIN', 'SAMPLES', 'MANUAL');

-- CreateEnum
CREATE TYPE "LabelOrder" AS ENUM ('AB', 'BA');

-- CreateEnum
CREATE TYPE "LabelMethod" AS ENUM ('LOGPROBS', 'SAMPLED', 'STATED');

-- CreateEnum
CREATE TYPE "HumanChoice" AS ENUM ('A', 'B', 'TIE', 'SKIP', 'FLAG');

-- CreateEnum
CREATE TYPE "HumanLabelSource" AS ENUM ('IMPORTED', 'REVIEW');

-- CreateEnum
CREATE TYPE "ScoreSource" AS ENUM ('IMPORTED', 'ENDPOINT', 'BRADLEY_TERRY', 'ELO');

-- CreateEnum
CREATE TYPE "ExportFormat" AS ENUM ('SFT_JSONL', 'PREFERENCE_JSONL', 'H4_CAI', 'CSV', 'PARQUET');

-- CreateEnum
CREATE TYPE "ExportStatus" AS ENUM ('DRAFT', 'QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED');

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "role" "Role" NOT NULL DEFAULT 'VIEWER',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Dataset" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Dataset_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Import" (
    "id" SERIAL NOT NULL,
    "datasetId" INTEGER,
    "fileName" TEXT NOT NULL,
    "fileSha256" TEXT NOT NULL,
    "fileBytes" BIGINT NOT NULL,
    "format" "ImportFormat" NOT NULL,
    "skipBadLines" BOOLEAN NOT NULL DEFAULT false,
    "status" "ImportStatus" NOT NULL DEFAULT 'RUNNING',
    "stats" JSONB NOT NULL DEFAULT '{}',
    "problems" JSONB NOT NULL DEFAULT '[]',
    "error" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Import_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Prompt" (
    "id" SERIAL NOT NULL,
    "datasetId" INTEGER NOT NULL,
    "turns" JSONB NOT NULL,
    "text" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "importId" INTEGER,
    "sourceLine" INTEGER,
    "chainCount" INTEGER NOT NULL DEFAULT 0,
    "comparisonCount" INTEGER NOT NULL DEFAULT 0,
    "labelCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Prompt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Response" (
    "id" SERIAL NOT NULL,
    "promptId" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "origin" "ResponseOrigin" NOT NULL,
    "producer" TEXT,
    "sourceKey" TEXT,
    "importId" INTEGER,
    "runId" INTEGER,
    "llmCallId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Response_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Constitution" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Constitution_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConstitutionVersion" (
    "id" SERIAL NOT NULL,
    "constitutionId" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "contentHash" TEXT NOT NULL,
    "importId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConstitutionVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Principle" (
    "id" SERIAL NOT NULL,
    "versionId" INTEGER NOT NULL,
    "kind" "PrincipleKind" NOT NULL,
    "key" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "critiqueRequest" TEXT,
    "revisionRequest" TEXT,
    "text" TEXT,
    "contentHash" TEXT NOT NULL,

    CONSTRAINT "Principle_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FewShotExample" (
    "id" SERIAL NOT NULL,
    "versionId" INTEGER NOT NULL,
    "kind" "FewShotKind" NOT NULL,
    "position" INTEGER NOT NULL,
    "content" JSONB NOT NULL,

    CONSTRAINT "FewShotExample_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ModelEndpoint" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "EndpointKind" NOT NULL,
    "baseUrl" TEXT,
    "model" TEXT NOT NULL,
    "apiKeyEnv" TEXT,
    "apiKeyCiphertext" BYTEA,
    "params" JSONB NOT NULL DEFAULT '{}',
    "maxConcurrency" INTEGER NOT NULL DEFAULT 8,
    "requestsPerMinute" INTEGER,
    "supportsLogprobs" BOOLEAN,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ModelEndpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Run" (
    "id" SERIAL NOT NULL,
    "kind" "RunKind" NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "status" "RunStatus" NOT NULL DEFAULT 'QUEUED',
    "datasetId" INTEGER,
    "endpointId" INTEGER,
    "constitutionVersionId" INTEGER,
    "config" JSONB NOT NULL DEFAULT '{}',
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RunItem" (
    "id" SERIAL NOT NULL,
    "runId" INTEGER NOT NULL,
    "promptId" INTEGER,
    "comparisonId" INTEGER,
    "status" "RunItemStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "claimedBy" TEXT,
    "heartbeatAt" TIMESTAMP(3),
    "errorKind" TEXT,
    "error" TEXT,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "RunItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LlmCall" (
    "id" SERIAL NOT NULL,
    "runId" INTEGER,
    "runItemId" INTEGER,
    "callKey" TEXT NOT NULL,
    "endpointId" INTEGER,
    "model" TEXT NOT NULL,
    "request" JSONB NOT NULL,
    "reply" TEXT NOT NULL,
    "finishReason" TEXT,
    "promptTokens" INTEGER,
    "completionTokens" INTEGER,
    "latencyMs" INTEGER NOT NULL,
    "logprobs" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LlmCall_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Chain" (
    "id" SERIAL NOT NULL,
    "promptId" INTEGER NOT NULL,
    "initialResponseId" INTEGER NOT NULL,
    "constitutionVersionId" INTEGER,
    "runId" INTEGER,
    "importId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Chain_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChainStep" (
    "id" SERIAL NOT NULL,
    "chainId" INTEGER NOT NULL,
    "index" INTEGER NOT NULL,
    "principleId" INTEGER NOT NULL,
    "critique" TEXT NOT NULL,
    "revisionId" INTEGER NOT NULL,
    "critiqueCallId" INTEGER,
    "revisionCallId" INTEGER,

    CONSTRAINT "ChainStep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Comparison" (
    "id" SERIAL NOT NULL,
    "promptId" INTEGER NOT NULL,
    "responseAId" INTEGER NOT NULL,
    "responseBId" INTEGER NOT NULL,
    "source" "ComparisonSource" NOT NULL,
    "runId" INTEGER,
    "importId" INTEGER,
    "flipped" BOOLEAN,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Comparison_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AiLabel" (
    "id" SERIAL NOT NULL,
    "comparisonId" INTEGER NOT NULL,
    "runId" INTEGER,
    "endpointId" INTEGER,
    "principleId" INTEGER,
    "order" "LabelOrder" NOT NULL,
    "method" "LabelMethod" NOT NULL,
    "prompt" TEXT NOT NULL,
    "reasoning" TEXT,
    "logprobA" DOUBLE PRECISION,
    "logprobB" DOUBLE PRECISION,
    "samples" INTEGER,
    "pA" DOUBLE PRECISION NOT NULL,
    "pAClamped" DOUBLE PRECISION,
    "llmCallId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AiLabel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HumanLabel" (
    "id" SERIAL NOT NULL,
    "comparisonId" INTEGER NOT NULL,
    "userId" TEXT,
    "source" "HumanLabelSource" NOT NULL,
    "sourceName" TEXT,
    "choice" "HumanChoice" NOT NULL,
    "note" TEXT,
    "supersededAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HumanLabel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" SERIAL NOT NULL,
    "userId" TEXT,
    "action" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Score" (
    "id" SERIAL NOT NULL,
    "responseId" INTEGER NOT NULL,
    "source" "ScoreSource" NOT NULL,
    "name" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "runId" INTEGER,
    "importId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Score_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Export" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "format" "ExportFormat" NOT NULL,
    "definition" JSONB NOT NULL,
    "status" "ExportStatus" NOT NULL DEFAULT 'DRAFT',
    "rowCount" INTEGER,
    "manifest" JSONB,
    "error" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Export_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Dataset_name_key" ON "Dataset"("name");

-- CreateIndex
CREATE INDEX "Import_datasetId_createdAt_idx" ON "Import"("datasetId", "createdAt");

-- CreateIndex
CREATE INDEX "Import_fileSha256_idx" ON "Import"("fileSha256");

-- CreateIndex
CREATE INDEX "Prompt_datasetId_id_idx" ON "Prompt"("datasetId", "id");

-- CreateIndex
CREATE INDEX "Prompt_tags_idx" ON "Prompt" USING GIN ("tags");

-- CreateIndex
CREATE UNIQUE INDEX "Prompt_datasetId_contentHash_key" ON "Prompt"("datasetId", "contentHash");

-- CreateIndex
CREATE UNIQUE INDEX "Response_llmCallId_key" ON "Response"("llmCallId");

-- CreateIndex
CREATE INDEX "Response_runId_idx" ON "Response"("runId");

-- CreateIndex
CREATE UNIQUE INDEX "Response_promptId_sourceKey_key" ON "Response"("promptId", "sourceKey");

-- CreateIndex
CREATE UNIQUE INDEX "Constitution_name_key" ON "Constitution"("name");

-- CreateIndex
CREATE UNIQUE INDEX "ConstitutionVersion_constitutionId_version_key" ON "ConstitutionVersion"("constitutionId", "version");

-- CreateIndex
CREATE INDEX "Principle_contentHash_idx" ON "Principle"("contentHash");

-- CreateIndex
CREATE UNIQUE INDEX "Principle_versionId_kind_key_key" ON "Principle"("versionId", "kind", "key");

-- CreateIndex
CREATE INDEX "FewShotExample_versionId_kind_position_idx" ON "FewShotExample"("versionId", "kind", "position");

-- CreateIndex
CREATE UNIQUE INDEX "ModelEndpoint_name_key" ON "ModelEndpoint"("name");

-- CreateIndex
CREATE INDEX "Run_status_idx" ON "Run"("status");

-- CreateIndex
CREATE INDEX "RunItem_runId_status_idx" ON "RunItem"("runId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "RunItem_runId_promptId_key" ON "RunItem"("runId", "promptId");

-- CreateIndex
CREATE UNIQUE INDEX "RunItem_runId_comparisonId_key" ON "RunItem"("runId", "comparisonId");

-- CreateIndex
CREATE INDEX "LlmCall_runId_createdAt_idx" ON "LlmCall"("runId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "LlmCall_runItemId_callKey_key" ON "LlmCall"("runItemId", "callKey");

-- CreateIndex
CREATE UNIQUE INDEX "Chain_initialResponseId_key" ON "Chain"("initialResponseId");

-- CreateIndex
CREATE INDEX "Chain_promptId_idx" ON "Chain"("promptId");

-- CreateIndex
CREATE INDEX "Chain_runId_idx" ON "Chain"("runId");

-- CreateIndex
CREATE UNIQUE INDEX "ChainStep_revisionId_key" ON "ChainStep"("revisionId");

-- CreateIndex
CREATE INDEX "ChainStep_principleId_idx" ON "ChainStep"("principleId");

-- CreateIndex
CREATE UNIQUE INDEX "ChainStep_chainId_index_key" ON "ChainStep"("chainId", "index");

-- CreateIndex
CREATE UNIQUE INDEX "Comparison_promptId_responseAId_responseBId_key" ON "Comparison"("promptId", "responseAId", "responseBId");

-- CreateIndex
CREATE INDEX "AiLabel_comparisonId_idx" ON "AiLabel"("comparisonId");

-- CreateIndex
CREATE INDEX "AiLabel_runId_idx" ON "AiLabel"("runId");

-- CreateIndex
CREATE INDEX "HumanLabel_comparisonId_idx" ON "HumanLabel"("comparisonId");

-- CreateIndex
CREATE INDEX "HumanLabel_userId_createdAt_idx" ON "HumanLabel"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditLog_entityType_entityId_idx" ON "AuditLog"("entityType", "entityId");

-- CreateIndex
CREATE INDEX "AuditLog_userId_createdAt_idx" ON "AuditLog"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditLog_createdAt_idx" ON "AuditLog"("createdAt");

-- CreateIndex
CREATE INDEX "Score_responseId_idx" ON "Score"("responseId");

-- CreateIndex
CREATE INDEX "Score_name_source_idx" ON "Score"("name", "source");

-- CreateIndex
CREATE INDEX "Export_createdAt_idx" ON "Export"("createdAt");

-- AddForeignKey
ALTER TABLE "Import" ADD CONSTRAINT "Import_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Import" ADD CONSTRAINT "Import_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Prompt" ADD CONSTRAINT "Prompt_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Prompt" ADD CONSTRAINT "Prompt_importId_fkey" FOREIGN KEY ("importId") REFERENCES "Import"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Response" ADD CONSTRAINT "Response_promptId_fkey" FOREIGN KEY ("promptId") REFERENCES "Prompt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Response" ADD CONSTRAINT "Response_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Response" ADD CONSTRAINT "Response_llmCallId_fkey" FOREIGN KEY ("llmCallId") REFERENCES "LlmCall"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConstitutionVersion" ADD CONSTRAINT "ConstitutionVersion_constitutionId_fkey" FOREIGN KEY ("constitutionId") REFERENCES "Constitution"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConstitutionVersion" ADD CONSTRAINT "ConstitutionVersion_importId_fkey" FOREIGN KEY ("importId") REFERENCES "Import"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Principle" ADD CONSTRAINT "Principle_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "ConstitutionVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FewShotExample" ADD CONSTRAINT "FewShotExample_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "ConstitutionVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "ModelEndpoint"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_constitutionVersionId_fkey" FOREIGN KEY ("constitutionVersionId") REFERENCES "ConstitutionVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunItem" ADD CONSTRAINT "RunItem_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunItem" ADD CONSTRAINT "RunItem_promptId_fkey" FOREIGN KEY ("promptId") REFERENCES "Prompt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunItem" ADD CONSTRAINT "RunItem_comparisonId_fkey" FOREIGN KEY ("comparisonId") REFERENCES "Comparison"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LlmCall" ADD CONSTRAINT "LlmCall_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LlmCall" ADD CONSTRAINT "LlmCall_runItemId_fkey" FOREIGN KEY ("runItemId") REFERENCES "RunItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LlmCall" ADD CONSTRAINT "LlmCall_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "ModelEndpoint"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Chain" ADD CONSTRAINT "Chain_promptId_fkey" FOREIGN KEY ("promptId") REFERENCES "Prompt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Chain" ADD CONSTRAINT "Chain_initialResponseId_fkey" FOREIGN KEY ("initialResponseId") REFERENCES "Response"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Chain" ADD CONSTRAINT "Chain_constitutionVersionId_fkey" FOREIGN KEY ("constitutionVersionId") REFERENCES "ConstitutionVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Chain" ADD CONSTRAINT "Chain_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChainStep" ADD CONSTRAINT "ChainStep_chainId_fkey" FOREIGN KEY ("chainId") REFERENCES "Chain"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChainStep" ADD CONSTRAINT "ChainStep_principleId_fkey" FOREIGN KEY ("principleId") REFERENCES "Principle"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChainStep" ADD CONSTRAINT "ChainStep_revisionId_fkey" FOREIGN KEY ("revisionId") REFERENCES "Response"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Comparison" ADD CONSTRAINT "Comparison_promptId_fkey" FOREIGN KEY ("promptId") REFERENCES "Prompt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Comparison" ADD CONSTRAINT "Comparison_responseAId_fkey" FOREIGN KEY ("responseAId") REFERENCES "Response"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Comparison" ADD CONSTRAINT "Comparison_responseBId_fkey" FOREIGN KEY ("responseBId") REFERENCES "Response"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Comparison" ADD CONSTRAINT "Comparison_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AiLabel" ADD CONSTRAINT "AiLabel_comparisonId_fkey" FOREIGN KEY ("comparisonId") REFERENCES "Comparison"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AiLabel" ADD CONSTRAINT "AiLabel_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AiLabel" ADD CONSTRAINT "AiLabel_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "ModelEndpoint"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AiLabel" ADD CONSTRAINT "AiLabel_principleId_fkey" FOREIGN KEY ("principleId") REFERENCES "Principle"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HumanLabel" ADD CONSTRAINT "HumanLabel_comparisonId_fkey" FOREIGN KEY ("comparisonId") REFERENCES "Comparison"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HumanLabel" ADD CONSTRAINT "HumanLabel_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditLog" ADD CONSTRAINT "AuditLog_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Score" ADD CONSTRAINT "Score_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "Response"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Score" ADD CONSTRAINT "Score_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Export" ADD CONSTRAINT "Export_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Hand-written SQL that Prisma cannot express goes below this line.

-- Full-text search over a prompt's turns. A stored generated column, so a search never recomputes
-- to_tsvector per row, and 'english' stems ("burning" finds "burn").
ALTER TABLE "Prompt" ADD COLUMN "searchVector" tsvector
  GENERATED ALWAYS AS (to_tsvector('english', "text")) STORED;
CREATE INDEX "Prompt_searchVector_idx" ON "Prompt" USING GIN ("searchVector");

-- The prompts table's "has chains" / "has labels" filters page by id within a dataset.
CREATE INDEX "Prompt_hasChains_idx" ON "Prompt" ("datasetId", "id") WHERE "chainCount" > 0;
CREATE INDEX "Prompt_hasLabels_idx" ON "Prompt" ("datasetId", "id") WHERE "labelCount" > 0;
