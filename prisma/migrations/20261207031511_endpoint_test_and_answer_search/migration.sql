-- AlterTable
ALTER TABLE "ModelEndpoint" ADD COLUMN     "lastTestOk" BOOLEAN,
ADD COLUMN     "lastTestedAt" TIMESTAMP(3);

-- Hand-written SQL that Prisma cannot express goes below this line.

-- Search finds words in answers too: responses (initial answers, revisions, samples, imported
-- answers) and critiques get the stored full-text vector prompts have, each with a GIN index
-- (lib/server/prompts/list.ts). Built-in full-text search needs no extension, so the embedded
-- database applies this as it is. Only the first 100,000 characters are indexed: a tsvector is
-- limited to 1 MB, and an import must not fail on one very long answer.
ALTER TABLE "Response" ADD COLUMN "searchVector" tsvector
  GENERATED ALWAYS AS (to_tsvector('english', left("text", 100000))) STORED;
CREATE INDEX "Response_searchVector_idx" ON "Response" USING GIN ("searchVector");
ALTER TABLE "ChainStep" ADD COLUMN "critiqueVector" tsvector
  GENERATED ALWAYS AS (to_tsvector('english', left("critique", 100000))) STORED;
CREATE INDEX "ChainStep_critiqueVector_idx" ON "ChainStep" USING GIN ("critiqueVector");
