-- This is an empty migration.

-- Hand-written SQL that Prisma cannot express goes below this line.

-- Review queues (lib/server/review/criteria.ts) rank a labeling run's verdicts by an expression and
-- page them by keyset on (rank, comparison id). One index per rank, on ("runId", <rank>,
-- "comparisonId") written exactly as criteria.ts writes it, lets a page or the next item walk the
-- index in rank order and stop, where without it every page scanned and sorted the whole run.
-- Partial where the criterion always filters the same way. Measured in test/review/explain/README.md.
-- low confidence, and all of a run: abs(pAUsed - 0.5), closest to even first
CREATE INDEX "AiVerdict_review_confidence_idx" ON "AiVerdict" ("runId", abs("pAUsed" - 0.5), "comparisonId");
-- flips: most flips first, only pairs with a flip
CREATE INDEX "AiVerdict_review_flips_idx" ON "AiVerdict" ("runId", ((-"flips")::float8), "comparisonId") WHERE flips > 0;
-- principle disagreement: biggest spread first
CREATE INDEX "AiVerdict_review_spread_idx" ON "AiVerdict" ("runId", (-"spread"), "comparisonId");
-- chain-of-thought clamp gap: biggest gap between raw and clamped P(A) first, chain-of-thought verdicts only
CREATE INDEX "AiVerdict_review_clamp_gap_idx" ON "AiVerdict" ("runId", (-abs("pA" - "pAUsed")), "comparisonId") WHERE "chainOfThought";

-- Current review answers per comparison and person: the "complete" test (at least N people) and the
-- "not yet reviewed by me" test, without reading imported or superseded labels.
CREATE INDEX "HumanLabel_review_current_idx" ON "HumanLabel" ("comparisonId", "userId") WHERE source = 'REVIEW' AND "supersededAt" IS NULL;
