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
CREATE FUNCTION review_queue_items_changed() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF TG_TABLE_NAME = ''AiVerdict'' AND TG_OP IN (''INSERT'', ''UPDATE'') THEN
    UPDATE "ReviewQueue" SET "itemsVersion" = "itemsVersion" + 1 WHERE "labelRunId" IN (SELECT "runId" FROM new_rows)\x3b
  END IF\x3b
  IF TG_TABLE_NAME = ''AiVerdict'' AND TG_OP IN (''DELETE'', ''UPDATE'') THEN
    UPDATE "ReviewQueue" SET "itemsVersion" = "itemsVersion" + 1 WHERE "labelRunId" IN (SELECT "runId" FROM old_rows)\x3b
  END IF\x3b
  IF TG_TABLE_NAME = ''Comparison'' AND TG_OP = ''INSERT'' THEN
    UPDATE "ReviewQueue" SET "itemsVersion" = "itemsVersion" + 1
    WHERE "labelRunId" IS NULL AND "datasetId" IN (SELECT p."datasetId" FROM new_rows c JOIN "Prompt" p ON p.id = c."promptId")\x3b
  END IF\x3b
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

CREATE TRIGGER review_queue_items_added AFTER INSERT ON "AiVerdict" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION review_queue_items_changed();
CREATE TRIGGER review_queue_items_updated AFTER UPDATE ON "AiVerdict" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION review_queue_items_changed();
CREATE TRIGGER review_queue_items_deleted AFTER DELETE ON "AiVerdict" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION review_queue_items_changed();
CREATE TRIGGER review_queue_items_added AFTER INSERT ON "Comparison" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION review_queue_items_changed();
CREATE TRIGGER review_queue_items_deleted AFTER DELETE ON "Comparison" FOR EACH STATEMENT EXECUTE FUNCTION review_queues_changed('dataset');
CREATE TRIGGER review_queue_items_moved AFTER UPDATE OF "promptId" ON "Comparison" FOR EACH ROW
  WHEN (OLD."promptId" IS DISTINCT FROM NEW."promptId") EXECUTE FUNCTION review_queues_changed('dataset');
CREATE TRIGGER review_queue_items_moved AFTER UPDATE OF "datasetId" ON "Prompt" FOR EACH ROW
  WHEN (OLD."datasetId" IS DISTINCT FROM NEW."datasetId") EXECUTE FUNCTION review_queues_changed('dataset');
CREATE TRIGGER review_queue_items_truncated AFTER TRUNCATE ON "AiVerdict" FOR EACH STATEMENT EXECUTE FUNCTION review_queues_changed('all');
CREATE TRIGGER review_queue_items_truncated AFTER TRUNCATE ON "Comparison" FOR EACH STATEMENT EXECUTE FUNCTION review_queues_changed('all');
CREATE TRIGGER review_queue_source_changed BEFORE UPDATE OF "labelRunId", "datasetId", criteria ON "ReviewQueue" FOR EACH ROW
  WHEN ((OLD."labelRunId", OLD."datasetId", OLD.criteria) IS DISTINCT FROM (NEW."labelRunId", NEW."datasetId", NEW.criteria)) EXECUTE FUNCTION review_queue_source_changed();
