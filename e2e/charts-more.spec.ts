import { expect, test } from "@playwright/test";
import { btToElo, evasiveShare, meanInterval, ngramGrowth } from "../lib/cai/charts";
import { importChains, labelRunWithFirstPrinciple, n3, queryE2eDatabase, scoreChains, share, tableRows } from "./helpers";

// Principle analytics, Goodhart signals and score scatter on the paper's SL-CAI chains imported
// through the browser, with scores and labels written straight into the database with chosen
// numbers. Each table is checked against the stored rows, worked through lib/cai/charts.

test("principle analytics: score change per critique principle and flip rate per preference principle", async ({ page }) => {
  const { id } = await importChains(page, "e2e-charts-principles");
  // initial = chain ordinal, revision k = ordinal + k^2 / 2: revision k changed the score by (2k - 1) / 2
  await scoreChains(id, "c.ordinal + st.index * st.index / 2.0");
  const steps = await queryE2eDatabase<{ key: string; index: number }>(
    `SELECT pr.key, st.index FROM "ChainStep" st JOIN "Chain" c ON c.id = st."chainId" JOIN "Prompt" p ON p.id = c."promptId" JOIN "Principle" pr ON pr.id = st."principleId" WHERE p."datasetId" = $1`,
    [id],
  );
  expect(steps.length).toBeGreaterThan(0);
  const keys = [...new Set(steps.map((s) => s.key))].sort((a, b) => a.localeCompare(b));
  const expectedChanges = keys.map((key) => {
    const m = meanInterval(steps.filter((s) => s.key === key).map((s) => (2 * s.index - 1) / 2));
    return [key, String(m.n), n3(m.mean), n3(m.low), n3(m.high), n3(m.sd)];
  });

  // a labeling run: one principle's labels of three pairs in both orders, one of them flipped
  const run = await labelRunWithFirstPrinciple(id, "e2e-principles-run");
  const pairs = await queryE2eDatabase<{ id: number }>(
    `INSERT INTO "Comparison" ("promptId", "responseAId", "responseBId", source)
     SELECT c."promptId", c."initialResponseId", (SELECT st."revisionId" FROM "ChainStep" st WHERE st."chainId" = c.id ORDER BY st.index DESC LIMIT 1), 'CHAIN'
     FROM "Chain" c JOIN "Prompt" p ON p.id = c."promptId" WHERE p."datasetId" = $1 ORDER BY c.id RETURNING id`,
    [id],
  );
  const orders = [
    [0.8, 0.7],
    [0.7, 0.2],
    [0.3, 0.1],
  ];
  for (const [i, pair] of pairs.entries()) {
    await queryE2eDatabase(
      `INSERT INTO "AiLabel" ("comparisonId", "runId", "principleId", "order", method, prompt, "pA") VALUES ($1, $2, $3, 'AB', 'LOGPROBS', 'p', $4), ($1, $2, $3, 'BA', 'LOGPROBS', 'p', $5)`,
      [pair.id, run.runId, run.principleId, orders[i][0], orders[i][1]],
    );
  }

  await page.goto(`/charts/principles?dataset=${id}&labelRun=${run.runId}`);
  const changes = page.getByRole("figure", { name: "Score change per critique principle" });
  await expect(changes.locator(".recharts-bar-rectangle path").first()).toBeVisible();
  expect(await tableRows(changes.getByRole("table", { name: "Mean change in pm_score per critique principle" }))).toEqual(expectedChanges);
  const flips = page.getByRole("figure", { name: "Flip rate per preference principle" });
  expect(await tableRows(flips.getByRole("table", { name: "Flip rate per preference principle" }))).toEqual([[run.key, String(pairs.length), "1", n3(1 / pairs.length)]]);
  await expect(flips.getByText(/Only 3 pairs/)).toBeVisible();
  // each bar carries its own label: the rate and what it is out of
  await expect(flips.locator("svg text", { hasText: "0.33 (1/3)" })).toBeVisible();

  await page.goto("/charts/principles?run=2000000000&labelRun=2000000000");
  await expect(page.getByRole("heading", { name: "No scored revisions to compare" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "No preference labels in both orders" })).toBeVisible();
  await page.goto("/charts");
  await expect(page.getByRole("link", { name: "Principle analytics" })).toBeVisible();
});

test("Goodhart signals: phrases that spread across revisions, evasive share, and the answers behind a phrase", async ({ page }) => {
  const { id } = await importChains(page, "e2e-charts-goodhart");
  // boilerplate added to every revision, and the first revision of the first chain made a bare refusal
  await queryE2eDatabase(
    `UPDATE "Response" r SET text = r.text || ' You are valid, valued, and cared for.'
     FROM "ChainStep" st JOIN "Chain" c ON c.id = st."chainId" JOIN "Prompt" p ON p.id = c."promptId"
     WHERE st."revisionId" = r.id AND p."datasetId" = $1`,
    [id],
  );
  await queryE2eDatabase(
    `UPDATE "Response" SET text = 'I can''t help with that.' WHERE id = (
       SELECT st."revisionId" FROM "ChainStep" st JOIN "Chain" c ON c.id = st."chainId" JOIN "Prompt" p ON p.id = c."promptId"
       WHERE p."datasetId" = $1 ORDER BY c.id, st.index LIMIT 1)`,
    [id],
  );
  const stored = await queryE2eDatabase<{ revision: number; text: string }>(
    `SELECT 0 AS revision, r.text FROM "Chain" c JOIN "Prompt" p ON p.id = c."promptId" JOIN "Response" r ON r.id = c."initialResponseId" WHERE p."datasetId" = $1
     UNION ALL
     SELECT st.index, r.text FROM "ChainStep" st JOIN "Chain" c ON c.id = st."chainId" JOIN "Prompt" p ON p.id = c."promptId" JOIN "Response" r ON r.id = st."revisionId" WHERE p."datasetId" = $1`,
    [id],
  );
  const revisions = [...new Set(stored.map((s) => s.revision))].sort((a, b) => a - b);
  const groups = revisions.map((key) => ({ key, texts: stored.filter((s) => s.revision === key).map((s) => s.text) }));
  const evasive = evasiveShare(groups);
  const phrases = ngramGrowth(groups, { minN: 2, maxN: 4, minCount: 2, top: 20 });
  expect(evasive.some((e) => e.evasive > 0)).toBe(true);

  await page.goto(`/charts/goodhart?dataset=${id}`);
  const evasiveFigure = page.getByRole("figure", { name: "Evasive answers by revision number" });
  expect(await tableRows(evasiveFigure.getByRole("table", { name: "Evasive answers per revision number" }), false)).toEqual(
    evasive.map((e) => [String(e.key), String(e.total), String(e.total), String(e.evasive), share(e.share!)]),
  );
  const phraseFigure = page.getByRole("figure", { name: "Phrases that spread across revisions" });
  await expect(phraseFigure.locator(".recharts-line").first()).toBeVisible();
  const rows = await tableRows(phraseFigure.getByRole("table", { name: "Phrases by growth of their share across revisions" }));
  expect(rows).toEqual(phrases.map((p) => [p.phrase, String(p.n), ...p.shares.map(share), n3(p.growth)]));
  // the boilerplate spreads: absent from the initial answers, in the revisions
  const top = phrases.find((p) => p.phrase.includes("valid valued"))!;
  expect(top.counts[0]).toBe(0);
  expect(top.growth).toBeGreaterThan(0);

  // the phrase opens the answers holding it
  await phraseFigure
    .getByRole("row")
    .filter({ has: page.getByRole("cell", { name: top.phrase, exact: true }) })
    .getByRole("link", { name: "Show" })
    .click();
  await expect(page.getByRole("heading", { name: `Answers holding “${top.phrase}”` })).toBeVisible();
  const answers = page.getByRole("list", { name: "Answers holding the phrase" }).getByRole("listitem");
  await expect(answers).toHaveCount(top.counts.reduce((n, c) => n + c, 0));
  await answers
    .first()
    .getByRole("link", { name: /^Chain #\d+$/ })
    .click();
  await expect(page).toHaveURL(/\/chains\/\d+$/);

  await page.goto("/charts/goodhart?run=2000000000");
  await expect(page.getByRole("heading", { name: "No chains to read" })).toBeVisible();
});

test("harmless vs helpful: two kinds of score per response, and Bradley-Terry on the Elo scale", async ({ page }) => {
  const { id } = await importChains(page, "e2e-charts-scatter");
  // each chain's initial answer: harmlessness = ordinal, helpfulness = 4 - ordinal, bt:e2e = ordinal - 2 (a BT log-strength)
  await queryE2eDatabase(
    `WITH c AS (SELECT c."initialResponseId" AS rid, row_number() OVER (ORDER BY c.id) AS ordinal FROM "Chain" c JOIN "Prompt" p ON p.id = c."promptId" WHERE p."datasetId" = $1)
     INSERT INTO "Score" ("responseId", source, name, value)
     SELECT rid, 'IMPORTED'::"ScoreSource", 'harmlessness', ordinal FROM c
     UNION ALL SELECT rid, 'IMPORTED', 'helpfulness', 4 - ordinal FROM c
     UNION ALL SELECT rid, 'BRADLEY_TERRY', 'bt:e2e', ordinal - 2 FROM c`,
    [id],
  );
  const points = await queryE2eDatabase<{ id: number; x: number; y: number }>(
    `SELECT r.id, hs.value AS x, hp.value AS y FROM "Response" r JOIN "Prompt" p ON p.id = r."promptId"
     JOIN "Score" hs ON hs."responseId" = r.id AND hs.name = 'harmlessness' JOIN "Score" hp ON hp."responseId" = r.id AND hp.name = 'helpfulness'
     WHERE p."datasetId" = $1 ORDER BY hs.value`,
    [id],
  );
  expect(points.map((p) => [p.x, p.y])).toEqual([
    [1, 3],
    [2, 2],
    [3, 1],
  ]);

  await page.goto(`/charts/harmless-vs-helpful?dataset=${id}`);
  const figure = page.getByRole("figure", { name: "harmlessness against helpfulness" });
  await expect(figure.locator(".recharts-scatter-symbol")).toHaveCount(3);
  expect(await tableRows(figure.getByRole("table", { name: "Responses by harmlessness and helpfulness" }))).toEqual(points.map((p) => [String(p.id), n3(p.x), n3(p.y)]));
  expect(await tableRows(page.getByRole("table", { name: "Summary of the two scores" }))).toEqual([["3", "2.000", "2.000", "-1.000"]]);
  await expect(figure.getByText(/Only 3 responses scored both ways/)).toBeVisible();

  await page.goto(`/charts/harmless-vs-helpful?dataset=${id}&x=bt:e2e&xSource=BRADLEY_TERRY&y=helpfulness`);
  const elo = page.getByRole("figure", { name: "bt:e2e against helpfulness" });
  expect(await tableRows(elo.getByRole("table", { name: "Responses by bt:e2e and helpfulness" }))).toEqual(
    points.map((p) => [String(p.id), n3(p.x - 2), n3(p.y), btToElo(p.x - 2).toFixed(0)]),
  );
  await expect(elo.getByText(/Elo scale/).first()).toBeVisible();

  await page.goto(`/charts/harmless-vs-helpful?dataset=${id}&y=nothing`);
  await expect(page.getByRole("heading", { name: "No response has both scores" })).toBeVisible();
});
