-- CreateTable
CREATE TABLE "ChartRevisionScore" (
    "datasetId" INTEGER NOT NULL,
    "runId" INTEGER NOT NULL,
    "revision" INTEGER NOT NULL,
    "principleId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "source" "ScoreSource" NOT NULL,
    "n" INTEGER NOT NULL,
    "sum" DOUBLE PRECISION NOT NULL,
    "sumSquares" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "ChartRevisionScore_pkey" PRIMARY KEY ("datasetId","runId","revision","principleId","name","source")
);

-- CreateTable
CREATE TABLE "ChartOutsideScore" (
    "datasetId" INTEGER NOT NULL,
    "runId" INTEGER NOT NULL,
    "origin" "ResponseOrigin" NOT NULL,
    "name" TEXT NOT NULL,
    "source" "ScoreSource" NOT NULL,
    "n" INTEGER NOT NULL,
    "sum" DOUBLE PRECISION NOT NULL,
    "sumSquares" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "ChartOutsideScore_pkey" PRIMARY KEY ("datasetId","runId","origin","name","source")
);

-- CreateTable
CREATE TABLE "ChartPrincipleChange" (
    "datasetId" INTEGER NOT NULL,
    "runId" INTEGER NOT NULL,
    "principleId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "source" "ScoreSource" NOT NULL,
    "n" INTEGER NOT NULL,
    "sum" DOUBLE PRECISION NOT NULL,
    "sumSquares" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "ChartPrincipleChange_pkey" PRIMARY KEY ("datasetId","runId","principleId","name","source")
);

-- CreateTable
CREATE TABLE "ChartChainResponses" (
    "datasetId" INTEGER NOT NULL,
    "runId" INTEGER NOT NULL,
    "revision" INTEGER NOT NULL,
    "n" INTEGER NOT NULL,

    CONSTRAINT "ChartChainResponses_pkey" PRIMARY KEY ("datasetId","runId","revision")
);

-- CreateTable
CREATE TABLE "ChartScorePair" (
    "datasetId" INTEGER NOT NULL,
    "runId" INTEGER NOT NULL,
    "xName" TEXT NOT NULL,
    "xSource" TEXT NOT NULL,
    "yName" TEXT NOT NULL,
    "ySource" TEXT NOT NULL,
    "n" INTEGER NOT NULL,
    "sumX" DOUBLE PRECISION NOT NULL,
    "sumY" DOUBLE PRECISION NOT NULL,
    "sumXX" DOUBLE PRECISION NOT NULL,
    "sumYY" DOUBLE PRECISION NOT NULL,
    "sumXY" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "ChartScorePair_pkey" PRIMARY KEY ("datasetId","runId","xName","xSource","yName","ySource")
);

-- CreateTable
CREATE TABLE "AiLabelPair" (
    "runId" INTEGER NOT NULL,
    "comparisonId" INTEGER NOT NULL,
    "principleId" INTEGER NOT NULL,
    "datasetId" INTEGER NOT NULL,
    "endpointId" INTEGER,
    "pAB" DOUBLE PRECISION,
    "pBA" DOUBLE PRECISION,

    CONSTRAINT "AiLabelPair_pkey" PRIMARY KEY ("runId","comparisonId","principleId")
);

-- CreateTable
CREATE TABLE "ChartPositionCell" (
    "runId" INTEGER NOT NULL,
    "datasetId" INTEGER NOT NULL,
    "principleId" INTEGER NOT NULL,
    "endpointId" INTEGER NOT NULL,
    "x" INTEGER NOT NULL,
    "y" INTEGER NOT NULL,
    "pairs" INTEGER NOT NULL,
    "sumFirst" DOUBLE PRECISION NOT NULL,
    "sumSwapped" DOUBLE PRECISION NOT NULL,
    "picked" INTEGER NOT NULL,
    "pickedFirst" INTEGER NOT NULL,
    "flipsToFirst" INTEGER NOT NULL,
    "flipsToSecond" INTEGER NOT NULL,

    CONSTRAINT "ChartPositionCell_pkey" PRIMARY KEY ("runId","datasetId","principleId","endpointId","x","y")
);

-- CreateTable
CREATE TABLE "ChartSummaryState" (
    "name" TEXT NOT NULL,
    "stale" BOOLEAN NOT NULL DEFAULT false,
    "rebuiltAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChartSummaryState_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "AiLabelPair_datasetId_idx" ON "AiLabelPair"("datasetId");

-- Hand-written SQL that Prisma cannot express goes below this line.

-- Chart summaries (lib/server/charts): the triggers that keep them, the rebuild, and the backfill.
-- Every trigger is statement-level with a transition table ("changed"), so an import batch of
-- thousands of rows costs one aggregate per summary, not one call per row. The SQL each trigger
-- runs comes from chart_statements() as text: static PL/pgSQL for a few rows, EXECUTE for many
-- (see the trigger functions below). Prisma's migrate splits this file at every semicolon, so the
-- few PL/pgSQL bodies are E'' strings that write a semicolon as \x3b, and the rest are plain SQL
-- functions that build SQL text.

INSERT INTO "ChartSummaryState" (name, stale) VALUES ('charts', false);

-- The upsert that adds signed aggregates (n, sum, sum of squares) to a summary. A group that comes
-- back to no rows has its sums reset to 0, so no rounding residue is left behind.
CREATE FUNCTION chart_moments_sql(summary text, keys text, rows_sql text) RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
  SELECT format(
    'INSERT INTO %1$I AS t (%2$s, n, sum, "sumSquares") SELECT * FROM (%3$s) d ORDER BY %2$s
     ON CONFLICT (%2$s) DO UPDATE SET n = t.n + excluded.n,
       sum = CASE WHEN t.n + excluded.n = 0 THEN 0 ELSE t.sum + excluded.sum END,
       "sumSquares" = CASE WHEN t.n + excluded.n = 0 THEN 0 ELSE t."sumSquares" + excluded."sumSquares" END',
    summary, keys, rows_sql)
$fn$;

-- Chain responses as (dataset, SL-CAI run, revision, principle, response): the initial response is
-- revision 0 with principle 0. `chains` and `steps` are the rows to map.
CREATE FUNCTION chart_positions_sql(chains text, steps text) RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
  SELECT format(
    'SELECT p."datasetId", coalesce(c."runId", 0) AS "runId", 0 AS revision, 0 AS "principleId", c."initialResponseId" AS "responseId"
     FROM %1$s c JOIN "Prompt" p ON p.id = c."promptId"
     UNION ALL
     SELECT p."datasetId", coalesce(c."runId", 0), st.index, st."principleId", st."revisionId"
     FROM %2$s st JOIN "Chain" c ON c.id = st."chainId" JOIN "Prompt" p ON p.id = c."promptId"',
    chains, steps)
$fn$;

-- The scores of chain responses per summary group, with a sign.
CREATE FUNCTION chart_revision_sql(positions text, scores text, sign int) RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
  SELECT chart_moments_sql('ChartRevisionScore', '"datasetId", "runId", revision, "principleId", name, source', format(
    'SELECT pos."datasetId", pos."runId", pos.revision, pos."principleId", s.name, s.source,
       %3$s * count(*), %3$s * sum(s.value), %3$s * sum(s.value * s.value)
     FROM (%1$s) pos JOIN %2$s s ON s."responseId" = pos."responseId" GROUP BY 1, 2, 3, 4, 5, 6',
    positions, scores, sign))
$fn$;

-- Score changes of revisions: each (step, score of its revision, score of the same name and source
-- of the response it revised) as (dataset, run, principle, name, source, change), summed with a
-- sign. `steps` are the steps to read, `scores` and `previous` the scores on each side.
CREATE FUNCTION chart_changes_sql(steps text, scores text, previous text, sign int) RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
  SELECT format(
    'SELECT p."datasetId", coalesce(c."runId", 0) AS "runId", st."principleId", s.name, s.source,
       %4$s AS n, %4$s * (s.value - ps.value) AS sum, %4$s * (s.value - ps.value) * (s.value - ps.value) AS "sumSquares"
     FROM %1$s st JOIN "Chain" c ON c.id = st."chainId" JOIN "Prompt" p ON p.id = c."promptId"
     JOIN %2$s s ON s."responseId" = st."revisionId"
     LEFT JOIN "ChainStep" prev ON st.index > 1 AND prev."chainId" = st."chainId" AND prev.index = st.index - 1
     JOIN %3$s ps ON ps."responseId" = CASE WHEN st.index = 1 THEN c."initialResponseId" ELSE prev."revisionId" END
       AND ps.name = s.name AND ps.source = s.source',
    steps, scores, previous, sign)
$fn$;

CREATE FUNCTION chart_change_sums_sql(rows_sql text) RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
  SELECT chart_moments_sql('ChartPrincipleChange', '"datasetId", "runId", "principleId", name, source', format(
    'SELECT "datasetId", "runId", "principleId", name, source, sum(n), sum(sum), sum("sumSquares") FROM (%s) d GROUP BY 1, 2, 3, 4, 5',
    rows_sql))
$fn$;

-- The moments of each unordered pair of score kinds over some responses (`responses`, a query of
-- response ids) with the scores of `scores`: a kind is (name, source) or (name, '') for all
-- sources, its value the mean of the response's scores of that kind.
CREATE FUNCTION chart_pairs_sql(responses text, scores text, sign int) RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
  SELECT format(
    'SELECT p."datasetId", coalesce(r."runId", 0) AS "runId", x.name AS "xName", x.source AS "xSource", y.name AS "yName", y.source AS "ySource",
       %3$s * count(*) AS n, %3$s * sum(x.v) AS "sumX", %3$s * sum(y.v) AS "sumY", %3$s * sum(x.v * x.v) AS "sumXX",
       %3$s * sum(y.v * y.v) AS "sumYY", %3$s * sum(x.v * y.v) AS "sumXY"
     FROM (
       SELECT s."responseId", s.name, s.source::text AS source, avg(s.value)::float8 AS v FROM %1$s s WHERE s."responseId" IN (%2$s) GROUP BY 1, 2, 3
       UNION ALL
       SELECT s."responseId", s.name, '''', avg(s.value)::float8 FROM %1$s s WHERE s."responseId" IN (%2$s) GROUP BY 1, 2
     ) x JOIN (
       SELECT s."responseId", s.name, s.source::text AS source, avg(s.value)::float8 AS v FROM %1$s s WHERE s."responseId" IN (%2$s) GROUP BY 1, 2, 3
       UNION ALL
       SELECT s."responseId", s.name, '''', avg(s.value)::float8 FROM %1$s s WHERE s."responseId" IN (%2$s) GROUP BY 1, 2
     ) y ON y."responseId" = x."responseId" AND (x.name, x.source) <= (y.name, y.source)
     JOIN "Response" r ON r.id = x."responseId" JOIN "Prompt" p ON p.id = r."promptId"
     GROUP BY 1, 2, 3, 4, 5, 6',
    scores, responses, sign)
$fn$;

CREATE FUNCTION chart_pair_sums_sql(rows_sql text) RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
  SELECT format(
    'INSERT INTO "ChartScorePair" AS t ("datasetId", "runId", "xName", "xSource", "yName", "ySource", n, "sumX", "sumY", "sumXX", "sumYY", "sumXY")
     SELECT "datasetId", "runId", "xName", "xSource", "yName", "ySource", sum(n), sum("sumX"), sum("sumY"), sum("sumXX"), sum("sumYY"), sum("sumXY")
     FROM (%s) d GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
     ON CONFLICT ("datasetId", "runId", "xName", "xSource", "yName", "ySource") DO UPDATE SET n = t.n + excluded.n,
       "sumX" = CASE WHEN t.n + excluded.n = 0 THEN 0 ELSE t."sumX" + excluded."sumX" END,
       "sumY" = CASE WHEN t.n + excluded.n = 0 THEN 0 ELSE t."sumY" + excluded."sumY" END,
       "sumXX" = CASE WHEN t.n + excluded.n = 0 THEN 0 ELSE t."sumXX" + excluded."sumXX" END,
       "sumYY" = CASE WHEN t.n + excluded.n = 0 THEN 0 ELSE t."sumYY" + excluded."sumYY" END,
       "sumXY" = CASE WHEN t.n + excluded.n = 0 THEN 0 ELSE t."sumXY" + excluded."sumXY" END',
    rows_sql)
$fn$;

-- Per-(run, comparison, principle) pairs of labels: the largest P(A) of each order and the largest
-- endpoint id, as max() over the labels gives (a new label can only raise them), and the pairs'
-- sums on the default position-bias grid (ChartPositionCell): each changed pair's new
-- contribution minus its old one.
CREATE FUNCTION chart_cell_sums_sql(pairs text) RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
  SELECT format(
    'SELECT "runId", "datasetId", "principleId", coalesce("endpointId", 0) AS "endpointId",
       coalesce(CASE WHEN "pAB" >= 0 AND "pAB" <= 1 THEN least(floor("pAB" * 10 + 1e-9)::int, 9) END, -1) AS x,
       coalesce(CASE WHEN "pBA" >= 0 AND "pBA" <= 1 THEN least(floor("pBA" * 10 + 1e-9)::int, 9) END, -1) AS y,
       sum(sign) AS pairs, sum(sign * "pAB") AS "sumFirst", sum(sign * (1 - "pBA")) AS "sumSwapped",
       sum(sign * (("pAB" <> 0.5)::int + ((1 - "pBA") <> 0.5)::int)) AS picked,
       sum(sign * (("pAB" > 0.5)::int + ((1 - "pBA") > 0.5)::int)) AS "pickedFirst",
       sum(sign * (("pAB" - 0.5) * ("pBA" - 0.5) < 0 AND "pAB" > 0.5)::int) AS "flipsToFirst",
       sum(sign * (("pAB" - 0.5) * ("pBA" - 0.5) < 0 AND "pAB" <= 0.5)::int) AS "flipsToSecond"
     FROM (%s) d WHERE "pAB" IS NOT NULL AND "pBA" IS NOT NULL
     GROUP BY 1, 2, 3, 4, 5, 6',
    pairs)
$fn$;

CREATE FUNCTION chart_add_cells_sql(cells text) RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
  SELECT format(
    'INSERT INTO "ChartPositionCell" AS t ("runId", "datasetId", "principleId", "endpointId", x, y, pairs, "sumFirst", "sumSwapped", picked, "pickedFirst", "flipsToFirst", "flipsToSecond")
     SELECT * FROM (%s) c ORDER BY 1, 2, 3, 4, 5, 6
     ON CONFLICT ("runId", "datasetId", "principleId", "endpointId", x, y) DO UPDATE SET pairs = t.pairs + excluded.pairs,
       "sumFirst" = CASE WHEN t.pairs + excluded.pairs = 0 THEN 0 ELSE t."sumFirst" + excluded."sumFirst" END,
       "sumSwapped" = CASE WHEN t.pairs + excluded.pairs = 0 THEN 0 ELSE t."sumSwapped" + excluded."sumSwapped" END,
       picked = t.picked + excluded.picked, "pickedFirst" = t."pickedFirst" + excluded."pickedFirst",
       "flipsToFirst" = t."flipsToFirst" + excluded."flipsToFirst", "flipsToSecond" = t."flipsToSecond" + excluded."flipsToSecond"',
    cells)
$fn$;

CREATE FUNCTION chart_label_pairs_sql(labels text) RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
  SELECT format(
    'WITH l AS (
       SELECT coalesce(l."runId", 0) AS "runId", l."comparisonId", coalesce(l."principleId", 0) AS "principleId", max(p."datasetId") AS "datasetId",
         max(l."endpointId") AS "endpointId", max(l."pA") FILTER (WHERE l."order" = ''AB'') AS "pAB", max(l."pA") FILTER (WHERE l."order" = ''BA'') AS "pBA"
       FROM %1$s l JOIN "Comparison" c ON c.id = l."comparisonId" JOIN "Prompt" p ON p.id = c."promptId"
       GROUP BY 1, 2, 3
     ), before AS (
       SELECT t.* FROM "AiLabelPair" t JOIN l ON l."runId" = t."runId" AND l."comparisonId" = t."comparisonId" AND l."principleId" = t."principleId"
     ), after AS (
       INSERT INTO "AiLabelPair" AS t ("runId", "comparisonId", "principleId", "datasetId", "endpointId", "pAB", "pBA")
       SELECT * FROM l ORDER BY 1, 2, 3
       ON CONFLICT ("runId", "comparisonId", "principleId") DO UPDATE SET "endpointId" = greatest(t."endpointId", excluded."endpointId"),
         "pAB" = greatest(t."pAB", excluded."pAB"), "pBA" = greatest(t."pBA", excluded."pBA")
       RETURNING t.*
     ) %2$s',
    labels,
    chart_add_cells_sql(chart_cell_sums_sql('SELECT 1 AS sign, * FROM after UNION ALL SELECT -1, * FROM before')))
$fn$;

CREATE FUNCTION chart_chain_counts_sql(positions text) RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
  SELECT format(
    'INSERT INTO "ChartChainResponses" AS t ("datasetId", "runId", revision, n)
     SELECT "datasetId", "runId", revision, count(*) FROM (%s) pos GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
     ON CONFLICT ("datasetId", "runId", revision) DO UPDATE SET n = t.n + excluded.n',
    positions)
$fn$;

-- What a trigger runs for the statement's rows ("changed") on a table, as SQL texts in order.
--   Score insert or delete: the scores' chain positions, their origin outside chains, the changes
--     they take part in (on the revision side against every score, on the revised side against
--     the other scores, so a pair inside the statement counts once), and each touched response's
--     pairs of kinds (its new contribution minus its old one).
--   Chain insert: initial responses (a run may start from a scored answer) as revision 0.
--   ChainStep insert: revisions, and the changes of the steps and of any step that follows one.
--   AiLabel insert: the label pairs.
CREATE FUNCTION chart_statements(tbl text, op text) RETURNS text[] LANGUAGE sql IMMUTABLE AS $fn$
  WITH v(sign, others, everyone, touched) AS (
    SELECT CASE op WHEN 'INSERT' THEN 1 ELSE -1 END,
      -- the other scores: those stored before (insert), or those left (delete)
      CASE op WHEN 'INSERT' THEN '(SELECT o.* FROM "Score" o WHERE NOT EXISTS (SELECT 1 FROM changed x WHERE x.id = o.id))' ELSE '"Score"' END,
      CASE op WHEN 'INSERT' THEN '"Score"' ELSE '(SELECT * FROM "Score" UNION ALL SELECT * FROM changed)' END,
      'SELECT "responseId" FROM changed'
  )
  SELECT CASE tbl
    WHEN 'Score' THEN ARRAY[
      chart_revision_sql(chart_positions_sql(
        '(SELECT c.* FROM "Chain" c WHERE c."initialResponseId" IN (SELECT "responseId" FROM changed))',
        '(SELECT st.* FROM "ChainStep" st WHERE st."revisionId" IN (SELECT "responseId" FROM changed))'), 'changed', sign),
      chart_moments_sql('ChartOutsideScore', '"datasetId", "runId", origin, name, source', format(
        'SELECT p."datasetId", coalesce(r."runId", 0) AS "runId", r.origin, s.name, s.source, %1$s * count(*), %1$s * sum(s.value), %1$s * sum(s.value * s.value)
         FROM changed s JOIN "Response" r ON r.id = s."responseId" JOIN "Prompt" p ON p.id = r."promptId"
         WHERE r.origin NOT IN (''INITIAL'', ''REVISION'') GROUP BY 1, 2, 3, 4, 5', sign)),
      chart_change_sums_sql(
        -- against every score: for a delete, those left and the deleted ones, read apart
        chart_changes_sql('(SELECT st.* FROM "ChainStep" st WHERE st."revisionId" IN (SELECT "responseId" FROM changed))', 'changed', '"Score"', sign)
        || CASE op WHEN 'INSERT' THEN '' ELSE ' UNION ALL ' ||
          chart_changes_sql('(SELECT st.* FROM "ChainStep" st WHERE st."revisionId" IN (SELECT "responseId" FROM changed))', 'changed', 'changed', sign) END
        || ' UNION ALL ' ||
        chart_changes_sql(
          '(SELECT st.* FROM "ChainStep" st JOIN "Chain" c ON c.id = st."chainId"
            WHERE st.index = 1 AND c."initialResponseId" IN (SELECT "responseId" FROM changed)
            UNION ALL
            SELECT st.* FROM "ChainStep" pr JOIN "ChainStep" st ON st."chainId" = pr."chainId" AND st.index = pr.index + 1
            WHERE pr."revisionId" IN (SELECT "responseId" FROM changed))',
          others, 'changed', sign)),
      chart_pair_sums_sql(
        chart_pairs_sql(touched, CASE op WHEN 'INSERT' THEN '"Score"' ELSE others END, 1)
        || ' UNION ALL ' ||
        chart_pairs_sql(touched, CASE op WHEN 'INSERT' THEN others ELSE everyone END, -1))]
    WHEN 'Chain' THEN ARRAY[
      chart_chain_counts_sql(chart_positions_sql('changed', '(SELECT * FROM "ChainStep" WHERE false)')),
      chart_revision_sql(chart_positions_sql('changed', '(SELECT * FROM "ChainStep" WHERE false)'), '"Score"', 1),
      chart_change_sums_sql(chart_changes_sql('(SELECT st.* FROM "ChainStep" st WHERE st.index = 1 AND st."chainId" IN (SELECT id FROM changed))', '"Score"', '"Score"', 1))]
    WHEN 'ChainStep' THEN ARRAY[
      chart_chain_counts_sql(chart_positions_sql('(SELECT * FROM "Chain" WHERE false)', 'changed')),
      chart_revision_sql(chart_positions_sql('(SELECT * FROM "Chain" WHERE false)', 'changed'), '"Score"', 1),
      chart_change_sums_sql(chart_changes_sql(
        '(SELECT * FROM changed
          UNION ALL
          SELECT nx.* FROM changed st JOIN "ChainStep" nx ON nx."chainId" = st."chainId" AND nx.index = st.index + 1
          WHERE NOT EXISTS (SELECT 1 FROM changed x WHERE x.id = nx.id))',
        '"Score"', '"Score"', 1))]
    WHEN 'AiLabel' THEN ARRAY[chart_label_pairs_sql('changed')]
  END FROM v
$fn$;

-- Every summary from the tables: the backfill, and the rebuild after a stale mark.
CREATE FUNCTION chart_rebuild_statements() RETURNS text[] LANGUAGE sql IMMUTABLE AS $fn$
  SELECT ARRAY[
    'DELETE FROM "ChartRevisionScore"', 'DELETE FROM "ChartOutsideScore"', 'DELETE FROM "ChartPrincipleChange"',
    'DELETE FROM "ChartChainResponses"', 'DELETE FROM "ChartScorePair"', 'DELETE FROM "AiLabelPair"', 'DELETE FROM "ChartPositionCell"',
    chart_chain_counts_sql(chart_positions_sql('"Chain"', '"ChainStep"')),
    chart_revision_sql(chart_positions_sql('"Chain"', '"ChainStep"'), '"Score"', 1),
    chart_moments_sql('ChartOutsideScore', '"datasetId", "runId", origin, name, source',
      'SELECT p."datasetId", coalesce(r."runId", 0) AS "runId", r.origin, s.name, s.source, count(*), sum(s.value), sum(s.value * s.value)
       FROM "Score" s JOIN "Response" r ON r.id = s."responseId" JOIN "Prompt" p ON p.id = r."promptId"
       WHERE r.origin NOT IN (''INITIAL'', ''REVISION'') GROUP BY 1, 2, 3, 4, 5'),
    chart_change_sums_sql(chart_changes_sql('"ChainStep"', '"Score"', '"Score"', 1)),
    chart_pair_sums_sql(chart_pairs_sql('SELECT "responseId" FROM "Score"', '"Score"', 1)),
    'INSERT INTO "AiLabelPair" ("runId", "comparisonId", "principleId", "datasetId", "endpointId", "pAB", "pBA")
     SELECT coalesce(l."runId", 0), l."comparisonId", coalesce(l."principleId", 0), max(p."datasetId"), max(l."endpointId"),
       max(l."pA") FILTER (WHERE l."order" = ''AB''), max(l."pA") FILTER (WHERE l."order" = ''BA'')
     FROM "AiLabel" l JOIN "Comparison" c ON c.id = l."comparisonId" JOIN "Prompt" p ON p.id = c."promptId"
     GROUP BY 1, 2, 3',
    chart_add_cells_sql(chart_cell_sums_sql('SELECT 1 AS sign, * FROM "AiLabelPair"')),
    'UPDATE "ChartSummaryState" SET stale = false, "rebuiltAt" = now() WHERE name = ''charts''']
$fn$;

-- The trigger functions. A statement of a few rows (a run's worker storing one call's product)
-- runs the statements as static SQL, whose plans PL/pgSQL keeps for the session: planning these
-- joins costs more than running them on a few rows. A batch (an import's 1,000 records) plans them
-- afresh through EXECUTE, for the rows at hand. A bigger statement (more than 1,000 scores, as a
-- fit's batches of 10,000, or 5,000 chains, steps or labels, as a COPY, or a delete of more than 50
-- scores) marks the summaries stale instead: maintaining them costs more there (about 1 s per 1,000
-- scores on the paper-scale database) than the one rebuild the next chart request makes. Made from
-- chart_statements() here, so both incremental paths run the same SQL.
CREATE FUNCTION chart_trigger_function_sql(fn text, tbl text, op text) RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
  SELECT format(
    'CREATE FUNCTION %I() RETURNS trigger LANGUAGE plpgsql AS %L',
    fn,
    format(
      'DECLARE statement text%1$s written_rows int%1$s
       BEGIN
         SELECT count(*) INTO written_rows FROM (SELECT 1 FROM changed LIMIT %5$s) c%1$s
         IF written_rows <= 50 THEN
           %2$s
         ELSIF written_rows < %5$s THEN
           FOREACH statement IN ARRAY chart_statements(%3$L, %4$L) LOOP EXECUTE statement%1$s END LOOP%1$s
         ELSE
           UPDATE "ChartSummaryState" SET stale = true WHERE name = ''charts'' AND NOT stale%1$s
         END IF%1$s
         RETURN NULL%1$s
       END',
      chr(59),
      (SELECT string_agg(s || chr(59), E'\n') FROM unnest(chart_statements(tbl, op)) s),
      tbl, op,
      -- the first row count that marks stale
      CASE WHEN op = 'DELETE' THEN 51 WHEN tbl = 'Score' THEN 1001 ELSE 5001 END))
$fn$;

DO E'BEGIN
  EXECUTE chart_trigger_function_sql(''chart_scores_added'', ''Score'', ''INSERT'')\x3b
  EXECUTE chart_trigger_function_sql(''chart_scores_deleted'', ''Score'', ''DELETE'')\x3b
  EXECUTE chart_trigger_function_sql(''chart_chains_added'', ''Chain'', ''INSERT'')\x3b
  EXECUTE chart_trigger_function_sql(''chart_steps_added'', ''ChainStep'', ''INSERT'')\x3b
  EXECUTE chart_trigger_function_sql(''chart_labels_added'', ''AiLabel'', ''INSERT'')\x3b
END';

-- Anything else that changes what the summaries hold marks them stale, and the next chart request
-- rebuilds them: an update that changes a key column (row by row, only rows that change), or a
-- delete that removes rows (a statement that deletes none does not count). Deleting a model
-- endpoint sets its labels' endpoint to null: the charts read a label pair's endpoint through
-- ModelEndpoint, so that needs no rebuild.
CREATE FUNCTION chart_mark_stale() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  UPDATE "ChartSummaryState" SET stale = true WHERE name = ''charts'' AND NOT stale\x3b
  RETURN NULL\x3b
END';

CREATE FUNCTION chart_mark_stale_if_gone() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF EXISTS (SELECT 1 FROM gone) THEN
    UPDATE "ChartSummaryState" SET stale = true WHERE name = ''charts'' AND NOT stale\x3b
  END IF\x3b
  RETURN NULL\x3b
END';

CREATE FUNCTION chart_rebuild() RETURNS void LANGUAGE plpgsql AS E'
DECLARE statement text\x3b
BEGIN
  FOREACH statement IN ARRAY chart_rebuild_statements() LOOP
    EXECUTE statement\x3b
  END LOOP\x3b
END';

-- Rebuilds the summaries if they are stale, once: writers wait while it runs (their triggers add
-- to the summaries), and a second caller finds them fresh. Answers whether it rebuilt.
CREATE FUNCTION chart_refresh() RETURNS boolean LANGUAGE plpgsql AS E'
BEGIN
  LOCK TABLE "ChartRevisionScore", "ChartOutsideScore", "ChartPrincipleChange", "ChartChainResponses", "ChartScorePair", "AiLabelPair", "ChartPositionCell" IN EXCLUSIVE MODE\x3b
  PERFORM 1 FROM "ChartSummaryState" WHERE name = ''charts'' AND stale FOR UPDATE\x3b
  IF NOT FOUND THEN RETURN false\x3b END IF\x3b
  PERFORM chart_rebuild()\x3b
  RETURN true\x3b
END';

CREATE TRIGGER chart_scores_added AFTER INSERT ON "Score" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION chart_scores_added();
CREATE TRIGGER chart_scores_deleted AFTER DELETE ON "Score" REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION chart_scores_deleted();
CREATE TRIGGER chart_chains_added AFTER INSERT ON "Chain" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION chart_chains_added();
CREATE TRIGGER chart_steps_added AFTER INSERT ON "ChainStep" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION chart_steps_added();
CREATE TRIGGER chart_labels_added AFTER INSERT ON "AiLabel" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION chart_labels_added();

CREATE TRIGGER chart_stale AFTER UPDATE OF "responseId", name, source, value ON "Score" FOR EACH ROW
  WHEN ((OLD."responseId", OLD.name, OLD.source, OLD.value) IS DISTINCT FROM (NEW."responseId", NEW.name, NEW.source, NEW.value)) EXECUTE FUNCTION chart_mark_stale();
CREATE TRIGGER chart_stale AFTER UPDATE OF "promptId", "runId", "initialResponseId" ON "Chain" FOR EACH ROW
  WHEN ((OLD."promptId", OLD."runId", OLD."initialResponseId") IS DISTINCT FROM (NEW."promptId", NEW."runId", NEW."initialResponseId")) EXECUTE FUNCTION chart_mark_stale();
CREATE TRIGGER chart_stale AFTER UPDATE OF "chainId", index, "principleId", "revisionId" ON "ChainStep" FOR EACH ROW
  WHEN ((OLD."chainId", OLD.index, OLD."principleId", OLD."revisionId") IS DISTINCT FROM (NEW."chainId", NEW.index, NEW."principleId", NEW."revisionId")) EXECUTE FUNCTION chart_mark_stale();
CREATE TRIGGER chart_stale AFTER UPDATE OF "datasetId" ON "Prompt" FOR EACH ROW
  WHEN (OLD."datasetId" IS DISTINCT FROM NEW."datasetId") EXECUTE FUNCTION chart_mark_stale();
CREATE TRIGGER chart_stale AFTER UPDATE OF "promptId", "runId", origin ON "Response" FOR EACH ROW
  WHEN ((OLD."promptId", OLD."runId", OLD.origin) IS DISTINCT FROM (NEW."promptId", NEW."runId", NEW.origin)) EXECUTE FUNCTION chart_mark_stale();
CREATE TRIGGER chart_stale AFTER UPDATE OF "runId", "comparisonId", "principleId", "order", "pA" ON "AiLabel" FOR EACH ROW
  WHEN ((OLD."runId", OLD."comparisonId", OLD."principleId", OLD."order", OLD."pA") IS DISTINCT FROM (NEW."runId", NEW."comparisonId", NEW."principleId", NEW."order", NEW."pA")) EXECUTE FUNCTION chart_mark_stale();
CREATE TRIGGER chart_stale AFTER UPDATE OF "promptId" ON "Comparison" FOR EACH ROW
  WHEN (OLD."promptId" IS DISTINCT FROM NEW."promptId") EXECUTE FUNCTION chart_mark_stale();
CREATE TRIGGER chart_stale_delete AFTER DELETE ON "Chain" REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION chart_mark_stale_if_gone();
CREATE TRIGGER chart_stale_delete AFTER DELETE ON "ChainStep" REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION chart_mark_stale_if_gone();
CREATE TRIGGER chart_stale_delete AFTER DELETE ON "Prompt" REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION chart_mark_stale_if_gone();
CREATE TRIGGER chart_stale_delete AFTER DELETE ON "Response" REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION chart_mark_stale_if_gone();
CREATE TRIGGER chart_stale_delete AFTER DELETE ON "AiLabel" REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION chart_mark_stale_if_gone();
CREATE TRIGGER chart_stale_truncate AFTER TRUNCATE ON "Score" FOR EACH STATEMENT EXECUTE FUNCTION chart_mark_stale();
CREATE TRIGGER chart_stale_truncate AFTER TRUNCATE ON "Chain" FOR EACH STATEMENT EXECUTE FUNCTION chart_mark_stale();
CREATE TRIGGER chart_stale_truncate AFTER TRUNCATE ON "ChainStep" FOR EACH STATEMENT EXECUTE FUNCTION chart_mark_stale();
CREATE TRIGGER chart_stale_truncate AFTER TRUNCATE ON "AiLabel" FOR EACH STATEMENT EXECUTE FUNCTION chart_mark_stale();

-- Goodhart's deterministic sample walks each revision's responses in hash order (the order its
-- SQL sorted them in before), reading about as many as it keeps when the scope is most of them.
CREATE INDEX "ChainStep_goodhart_idx" ON "ChainStep" (index, (hashint4("revisionId")), "revisionId") INCLUDE ("chainId");
CREATE INDEX "Chain_goodhart_idx" ON "Chain" ((hashint4("initialResponseId")), "initialResponseId") INCLUDE ("promptId", "runId");
-- Harmless vs helpful's sample of points walks one kind of score's responses in hash order.
CREATE INDEX "Score_scatter_idx" ON "Score" (name, (hashint4("responseId")), "responseId") INCLUDE (source, value);

SELECT chart_rebuild();
