-- This is an empty migration.

-- Hand-written SQL that Prisma cannot express goes below this line.

-- Chart data at paper scale (lib/server/charts/pm-by-revision.ts and position-bias.ts).
-- PM by revision maps each scored response to its chain step: the step rows carry the critique
-- text, so a scan of ChainStep read every critique. This index holds what the map needs and is read
-- index-only.
CREATE INDEX "ChainStep_chart_revision_idx" ON "ChainStep" ("revisionId") INCLUDE ("chainId", "index", "principleId");
-- PM by revision, scores outside chains: the few responses that are neither an initial answer nor
-- a revision, where the filter on origin alone scanned every response.
CREATE INDEX "Response_outside_chain_idx" ON "Response" ("id") WHERE origin NOT IN ('INITIAL', 'REVISION');
-- Position bias groups a run's labels by (run, comparison, principle) and reads order, P(A) and
-- endpoint: in group order and index-only, without visiting the label rows (prompt, reasoning).
CREATE INDEX "AiLabel_position_bias_idx" ON "AiLabel" ("runId", "comparisonId", "principleId", "order") INCLUDE ("pA", "endpointId");
