-- AlterTable
ALTER TABLE "ChartChainResponses" DROP CONSTRAINT "ChartChainResponses_pkey",
ADD COLUMN     "shard" SMALLINT NOT NULL DEFAULT 0,
ADD CONSTRAINT "ChartChainResponses_pkey" PRIMARY KEY ("datasetId", "runId", "revision", "shard");

-- Hand-written SQL that Prisma cannot express goes below this line.

-- A run's workers store revisions many at a time, and each one's trigger added 1 to the same
-- (dataset, run, revision) row, so every stored revision waited for the one before it to commit:
-- one row's lock, held through each commit's flush, set the pace of a whole run. Each connection
-- now adds to a shard of its own (its backend's pid modulo 32), and readers sum the shards.
CREATE OR REPLACE FUNCTION chart_chain_counts_sql(positions text) RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
  SELECT format(
    'INSERT INTO "ChartChainResponses" AS t ("datasetId", "runId", revision, shard, n)
     SELECT "datasetId", "runId", revision, (pg_backend_pid() %% 32)::smallint, count(*) FROM (%s) pos GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
     ON CONFLICT ("datasetId", "runId", revision, shard) DO UPDATE SET n = t.n + excluded.n',
    positions)
$fn$;

-- The trigger functions that embed it, made again from the same SQL.
DO E'BEGIN
  EXECUTE replace(chart_trigger_function_sql(''chart_chains_added'', ''Chain'', ''INSERT''), ''CREATE FUNCTION'', ''CREATE OR REPLACE FUNCTION'')\x3b
  EXECUTE replace(chart_trigger_function_sql(''chart_steps_added'', ''ChainStep'', ''INSERT''), ''CREATE FUNCTION'', ''CREATE OR REPLACE FUNCTION'')\x3b
END';
