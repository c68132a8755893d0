-- AlterTable
ALTER TABLE "ReviewQueue" ADD COLUMN     "itemCount" INTEGER,
ADD COLUMN     "itemCountVersion" INTEGER,
ADD COLUMN     "itemsVersion" INTEGER NOT NULL DEFAULT 0;

-- Hand-written SQL that Prisma cannot express goes below this line.


-- A review queue keeps its item count (lib/server/review/total.ts): counting the items of a queue
-- over a paper-scale run scans 182,831 verdicts (30 to 70 ms) on every queue and item page. The
-- count is stored with the itemsVersion it was made at, and every write that may change which
-- pairs a queue holds raises the version of the queues it may touch, so a stored count is used only
-- while nothing it depends on has changed. Its items are what criteria.ts selects: a run queue reads
-- the verdicts of its run, a dataset queue the pairs of its dataset, through its prompts. Rare
-- writes (deleting pairs, moving a pair or a prompt) raise every dataset queue.

-- Verdicts inserted or deleted: the queues of their runs, once a statement (a labeling worker stores
-- one verdict a statement: one trigger call and a small update, about 0.1 ms).
CREATE FUNCTION review_run_queues_written() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  UPDATE "ReviewQueue" SET "itemsVersion" = "itemsVersion" + 1 WHERE "labelRunId" IN (SELECT "runId" FROM written)\x3b
  RETURN NULL\x3b
END';

-- A verdict stored again (a labeling item done twice) changes the queues only if its numbers changed:
-- row by row, the trigger condition passes the unchanged ones without a call.
CREATE FUNCTION review_run_queues_changed() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  UPDATE "ReviewQueue" SET "itemsVersion" = "itemsVersion" + 1 WHERE "labelRunId" IN (OLD."runId", NEW."runId")\x3b
  RETURN NULL\x3b
END';

-- Pairs added: the dataset queues of their prompts.
CREATE FUNCTION review_dataset_queues_added() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  UPDATE "ReviewQueue" SET "itemsVersion" = "itemsVersion" + 1
  WHERE "labelRunId" IS NULL AND "datasetId" IN (SELECT p."datasetId" FROM written c JOIN "Prompt" p ON p.id = c."promptId")\x3b
  RETURN NULL\x3b
END';

-- Writes too rare to follow pair by pair: every dataset queue (a moved or deleted pair or prompt),
-- or every queue (a truncated table).
CREATE FUNCTION review_queues_changed() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  UPDATE "ReviewQueue" SET "itemsVersion" = "itemsVersion" + 1 WHERE TG_ARGV[0] = ''all'' OR "labelRunId" IS NULL\x3b
  RETURN NULL\x3b
END';

-- A queue whose source changes (its run deleted, so its pairs become the dataset pairs) holds other items.
CREATE FUNCTION review_queue_source_changed() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  NEW."itemsVersion" := OLD."itemsVersion" + 1\x3b
  RETURN NEW\x3b
END';

CREATE TRIGGER review_queue_items_added AFTER INSERT ON "AiVerdict" REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION review_run_queues_written();
CREATE TRIGGER review_queue_items_deleted AFTER DELETE ON "AiVerdict" REFERENCING OLD TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION review_run_queues_written();
CREATE TRIGGER review_queue_items_changed AFTER UPDATE ON "AiVerdict" FOR EACH ROW
  WHEN ((OLD."runId", OLD."comparisonId", OLD."pA", OLD."pAUsed", OLD.flips, OLD.spread, OLD."chainOfThought")
    IS DISTINCT FROM (NEW."runId", NEW."comparisonId", NEW."pA", NEW."pAUsed", NEW.flips, NEW.spread, NEW."chainOfThought"))
  EXECUTE FUNCTION review_run_queues_changed();
CREATE TRIGGER review_queue_items_added AFTER INSERT ON "Comparison" REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION review_dataset_queues_added();
CREATE TRIGGER review_queue_items_deleted AFTER DELETE ON "Comparison" FOR EACH STATEMENT EXECUTE FUNCTION review_queues_changed('dataset');
CREATE TRIGGER review_queue_items_moved AFTER UPDATE OF "promptId" ON "Comparison" FOR EACH ROW
  WHEN (OLD."promptId" IS DISTINCT FROM NEW."promptId") EXECUTE FUNCTION review_queues_changed('dataset');
CREATE TRIGGER review_queue_items_moved AFTER UPDATE OF "datasetId" ON "Prompt" FOR EACH ROW
  WHEN (OLD."datasetId" IS DISTINCT FROM NEW."datasetId") EXECUTE FUNCTION review_queues_changed('dataset');
CREATE TRIGGER review_queue_items_truncated AFTER TRUNCATE ON "AiVerdict" FOR EACH STATEMENT EXECUTE FUNCTION review_queues_changed('all');
CREATE TRIGGER review_queue_items_truncated AFTER TRUNCATE ON "Comparison" FOR EACH STATEMENT EXECUTE FUNCTION review_queues_changed('all');
CREATE TRIGGER review_queue_source_changed BEFORE UPDATE OF "labelRunId", "datasetId", criteria ON "ReviewQueue" FOR EACH ROW
  WHEN ((OLD."labelRunId", OLD."datasetId", OLD.criteria) IS DISTINCT FROM (NEW."labelRunId", NEW."datasetId", NEW.criteria)) EXECUTE FUNCTION review_queue_source_changed();
