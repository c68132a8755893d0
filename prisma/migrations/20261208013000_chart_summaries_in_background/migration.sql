-- AlterTable
ALTER TABLE "ChartSummaryState" ADD COLUMN     "staleSince" TIMESTAMP(3);

-- Hand-written SQL that Prisma cannot express goes below this line.

-- The chart summaries are rebuilt in the background (lib/server/charts/summaries.ts): the sweep of
-- a worker runs chart_refresh() when they are stale, and a chart request never waits for it. It
-- reads the last complete summaries and says how old they are: "staleSince" is when a write they do
-- not follow first marked them stale, kept until the rebuild that clears the mark. It is the start
-- of the marking transaction (now()): the summaries hold everything committed before it. In UTC, as
-- Prisma writes DateTime columns. (No apostrophes in these comments: the migration is split at
-- semicolons outside quotes.)
CREATE FUNCTION chart_stale_since() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF NEW.stale AND NOT OLD.stale THEN
    NEW."staleSince" := now() AT TIME ZONE ''UTC''\x3b
  ELSIF NOT NEW.stale THEN
    NEW."staleSince" := NULL\x3b
  END IF\x3b
  RETURN NEW\x3b
END';

CREATE TRIGGER chart_stale_since BEFORE UPDATE OF stale ON "ChartSummaryState" FOR EACH ROW EXECUTE FUNCTION chart_stale_since();

UPDATE "ChartSummaryState" SET "staleSince" = now() AT TIME ZONE 'UTC' WHERE stale;

-- Rebuilds the summaries if they are stale, in the transaction of the caller: readers go on reading the
-- last complete rows meanwhile (MVCC), writers wait (their triggers add to the summaries). One
-- rebuild at a time across every process: a second caller answers false at once, rather than wait
-- for the first to find them fresh. Answers whether it rebuilt.
CREATE OR REPLACE FUNCTION chart_refresh() RETURNS boolean LANGUAGE plpgsql AS E'
BEGIN
  IF NOT pg_try_advisory_xact_lock(0, hashtext(''chart_refresh'')) THEN RETURN false\x3b END IF\x3b
  LOCK TABLE "ChartRevisionScore", "ChartOutsideScore", "ChartPrincipleChange", "ChartChainResponses", "ChartScorePair", "AiLabelPair", "ChartPositionCell" IN EXCLUSIVE MODE\x3b
  PERFORM 1 FROM "ChartSummaryState" WHERE name = ''charts'' AND stale FOR UPDATE\x3b
  IF NOT FOUND THEN RETURN false\x3b END IF\x3b
  PERFORM chart_rebuild()\x3b
  RETURN true\x3b
END';

-- Whether a chart_refresh() holds the rebuild lock now, for a chart to say "rebuilding".
CREATE FUNCTION chart_rebuilding() RETURNS boolean LANGUAGE sql STABLE AS $fn$
  SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = 0 AND objid = hashtext('chart_refresh')::oid AND objsubid = 2 AND granted)
$fn$;

-- chart_rebuild() runs the SQL texts chart_rebuild_statements() makes. Declared IMMUTABLE, that
-- call was made once, when chart_rebuild() was first planned, and its texts kept in the plan for the
-- rest of the session: a helper replaced later (chart_chain_counts_sql, migration
-- chart_chain_counts_sharded) never reached a session that had rebuilt before, such as the one
-- session of the embedded database, which outlives its migrations ("no unique or exclusion
-- constraint matching the ON CONFLICT specification"). STABLE, it is made anew at every rebuild,
-- and altering it drops the plans that kept the old texts.
ALTER FUNCTION chart_rebuild_statements() STABLE;
