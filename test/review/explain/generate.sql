-- A labeling run at the paper's scale for EXPLAIN ANALYZE of the review-queue queries: 182,831
-- prompts with one pair each, one verdict per pair (a chain-of-thought run: raw P(A) spread over
-- [0, 1], the used value clamped to [0.4, 0.6]), about 10% of pairs flipped, ensemble spreads,
-- 160,000 imported crowdworker labels on a second dataset and 6,000 review answers by 5 people.
-- Run on an empty, migrated database (the migrations bring the review-queue indexes): psql -f generate.sql
-- How to run it and explain-queue.ts, and the numbers measured: README.md beside this file.
\set ON_ERROR_STOP on
BEGIN;
INSERT INTO "Dataset" (id, name) VALUES (1, 'explain'), (2, 'explain-hh');
INSERT INTO "Run" (id, kind, status, "datasetId") VALUES (1, 'LABEL', 'SUCCEEDED', 1);
INSERT INTO "User" (id, email, role) SELECT 'user' || g, 'user' || g || '@studio.test', 'REVIEWER' FROM generate_series(1, 5) g;

INSERT INTO "Prompt" (id, "datasetId", turns, text, "contentHash", "comparisonCount")
SELECT g, CASE WHEN g <= 182831 THEN 1 ELSE 2 END, jsonb_build_array(jsonb_build_object('role', 'user', 'content', 'prompt ' || g)),
       'prompt ' || g, md5(g::text), 1
  FROM generate_series(1, 342831) g;
INSERT INTO "Response" (id, "promptId", text, origin)
SELECT g, (g + 1) / 2, 'response ' || g, 'SAMPLE' FROM generate_series(1, 2 * 342831) g;
INSERT INTO "Comparison" (id, "promptId", "responseAId", "responseBId", source)
SELECT g, g, 2 * g - 1, 2 * g, CASE WHEN g <= 182831 THEN 'SAMPLES' ELSE 'IMPORTED' END::"ComparisonSource" FROM generate_series(1, 342831) g;

INSERT INTO "AiVerdict" ("comparisonId", "runId", "pA", "pAUsed", flips, spread, principles, method, "chainOfThought")
SELECT g, 1, raw, least(0.6, greatest(0.4, raw)),
       CASE WHEN random() < 0.1 THEN 1 + floor(random() * 3)::int ELSE 0 END, random() * 0.6, 4, 'LOGPROBS', true
  FROM (SELECT g, random() AS raw FROM generate_series(1, 182831) g) r;

INSERT INTO "HumanLabel" ("comparisonId", source, "sourceName", choice)
SELECT g, 'IMPORTED', 'hh-rlhf', 'A' FROM generate_series(182832, 342831) g;
-- 5 reviewers answered the 1,200 pairs closest to even, one superseded answer each on 100 of them
INSERT INTO "HumanLabel" ("comparisonId", "userId", source, choice, "queueId", "sawAi", "supersededAt")
SELECT c, 'user' || u, 'REVIEW', (ARRAY['A', 'B', 'TIE', 'SKIP'])[1 + (c + u) % 4]::"HumanChoice", NULL, false, NULL
  FROM (SELECT "comparisonId" AS c FROM "AiVerdict" ORDER BY abs("pAUsed" - 0.5), "comparisonId" LIMIT 1200) v, generate_series(1, 5) u;
INSERT INTO "HumanLabel" ("comparisonId", "userId", source, choice, "sawAi", "supersededAt")
SELECT c, 'user1', 'REVIEW', 'FLAG', false, now()
  FROM (SELECT "comparisonId" AS c FROM "AiVerdict" ORDER BY abs("pAUsed" - 0.5), "comparisonId" LIMIT 100) v;

SELECT setval(pg_get_serial_sequence('"Prompt"', 'id'), 342831), setval(pg_get_serial_sequence('"Response"', 'id'), 685662),
       setval(pg_get_serial_sequence('"Comparison"', 'id'), 342831), setval(pg_get_serial_sequence('"Run"', 'id'), 1),
       setval(pg_get_serial_sequence('"Dataset"', 'id'), 2);
COMMIT;
VACUUM ANALYZE;
