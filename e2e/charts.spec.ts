import { expect, test, type Locator, type Page } from "@playwright/test";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { histogram, meanInterval, orderPair, outcomeOf, positionBias, reliability } from "../lib/cai/charts";
import { datasetIdByName, FIXTURES, importThroughBrowser, n3, queryE2eDatabase, scoreChains, share, tableRows, uniqueDataset } from "./helpers";

// The charts on the paper's formats: RL samples with their pm_score (no chains: the PM chart says
// so and sums them up apart), SL chains given PM scores, and a labeling run's verdicts, labels in
// both orders and reviewers' answers on the chains' initial-vs-final pairs, written straight into
// the database with chosen numbers. Each chart's table is checked against the stored rows, worked
// through lib/cai/charts; the downloads carry the same numbers.

async function download(page: Page, figure: Locator, button: string): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent("download"), figure.getByRole("button", { name: button }).click()]);
  return { name: file.suggestedFilename(), text: await readFile((await file.path())!, "utf8") };
}

test("PM score chart: RL samples' pm_score outside chains, then chains scored by revision number", async ({ page }) => {
  const samples = uniqueDataset("e2e-charts-rl");
  await importThroughBrowser(page, path.join(FIXTURES, "rl-samples.jsonl"), samples);
  const samplesId = await datasetIdByName(samples);
  const stored = await queryE2eDatabase<{ value: number }>(
    `SELECT s.value FROM "Score" s JOIN "Response" r ON r.id = s."responseId" JOIN "Prompt" p ON p.id = r."promptId" WHERE p."datasetId" = $1 AND s.name = 'pm_score'`,
    [samplesId],
  );
  expect(stored).toHaveLength(5);
  const expected = meanInterval(stored.map((s) => s.value));

  await page.goto(`/charts/pm-by-revision?dataset=${samplesId}`);
  await expect(page.getByRole("heading", { name: "No scored chains to chart" })).toBeVisible();
  const outside = page.getByRole("table", { name: "Mean pm_score outside chains" });
  expect(await tableRows(outside)).toEqual([["sample", "5", n3(expected.mean), n3(expected.low), n3(expected.high), n3(expected.sd)]]);
  expect(n3(expected.mean)).toBe("0.200");

  // SL chains, each response given a score: initial = chain ordinal, revision k = ordinal + k / 2
  const chains = uniqueDataset("e2e-charts-sl");
  await importThroughBrowser(page, path.join(FIXTURES, "sl-chains.jsonl"), chains);
  const chainsId = await datasetIdByName(chains);
  await scoreChains(chainsId);
  const points = await queryE2eDatabase<{ revision: number; value: number }>(
    `SELECT 0 AS revision, s.value FROM "Chain" c JOIN "Prompt" p ON p.id = c."promptId" JOIN "Score" s ON s."responseId" = c."initialResponseId" WHERE p."datasetId" = $1
     UNION ALL
     SELECT st.index, s.value FROM "ChainStep" st JOIN "Chain" c ON c.id = st."chainId" JOIN "Prompt" p ON p.id = c."promptId" JOIN "Score" s ON s."responseId" = st."revisionId" WHERE p."datasetId" = $1`,
    [chainsId],
  );
  const revisions = [...new Set(points.map((p) => p.revision))].sort((a, b) => a - b);
  const expectedRows = revisions.map((revision) => {
    const m = meanInterval(points.filter((p) => p.revision === revision).map((p) => p.value));
    return ["All chains", String(revision), String(m.n), n3(m.mean), n3(m.low), n3(m.high), n3(m.sd)];
  });
  expect(expectedRows[0].slice(2, 4)).toEqual(["3", "2.000"]);

  await page.goto(`/charts/pm-by-revision?dataset=${chainsId}&source=IMPORTED`);
  const figure = page.getByRole("figure", { name: "PM score by revision number" });
  await expect(figure.locator("svg.recharts-surface").first()).toBeVisible();
  await expect(figure.locator(".recharts-line-dots circle")).toHaveCount(revisions.length);
  expect(await tableRows(figure.getByRole("table", { name: "Mean pm_score by revision number" }))).toEqual(expectedRows);
  // each point opens the scores it averages (e2e/charts-drilldown.spec.ts follows the links)
  await expect(figure.getByRole("link", { name: "Show" }).first()).toHaveAttribute("href", `/charts/pm-by-revision/responses?dataset=${chainsId}&score=pm_score&source=IMPORTED&revision=0`);

  const csv = await download(page, figure, "Download CSV");
  expect(csv.name).toBe("pm-by-revision.csv");
  expect(csv.text.trim().split("\r\n")).toEqual(["Series,Revision,n,Mean,95% low,95% high,SD", ...expectedRows.map((r) => r.join(","))]);
  const svg = await download(page, figure, "Download SVG");
  expect(svg.name).toBe("pm-by-revision.svg");
  expect(svg.text).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  const png = await download(page, figure, "Download PNG");
  expect(png.name).toBe("pm-by-revision.png");

  // split by the principle of the step: the initial responses make their own line
  await page.goto(`/charts/pm-by-revision?dataset=${chainsId}&split=principle`);
  const split = await tableRows(page.getByRole("table", { name: "Mean pm_score by revision number" }));
  expect(split.filter((r) => r[0] === "Initial response")).toEqual([expectedRows[0].with(0, "Initial response")]);
  expect(split.filter((r) => r[0] !== "Initial response").reduce((n, r) => n + Number(r[2]), 0)).toBe(points.length - 3);
});

test("soft labels, calibration and position bias of a labeling run on the chains' pairs", async ({ page }) => {
  const dataset = uniqueDataset("e2e-charts-labels");
  await importThroughBrowser(page, path.join(FIXTURES, "sl-chains.jsonl"), dataset);
  const id = await datasetIdByName(dataset);
  const judge = uniqueDataset("e2e-charts-judge");
  // three initial-vs-final pairs, a run's verdicts (chain of thought, clamped), labels of one
  // principle in both orders, and one reviewer's answer per pair:
  //          raw P(A)  used  AB   BA   reviewer
  //   pair 1   0.90    0.60  0.8  0.7    A
  //   pair 2   0.20    0.40  0.7  0.2    A         (a flip: its verdict has flips 1)
  //   pair 3   0.55    0.55  0.4  0.6    B         (a flip)
  const raw = [0.9, 0.2, 0.55];
  const used = [0.6, 0.4, 0.55];
  const ab = [0.8, 0.7, 0.4];
  const ba = [0.7, 0.2, 0.6];
  const answers = ["A", "A", "B"] as const;
  const flips = [0, 1, 1];
  const [run] = await queryE2eDatabase<{ runId: number; endpointId: number; principleId: number }>(
    `WITH e AS (INSERT INTO "ModelEndpoint" (name, kind, model, "updatedAt") VALUES ($2, 'OPENAI_COMPATIBLE', 'judge', now()) RETURNING id),
     r AS (INSERT INTO "Run" (kind, name, status, "datasetId", "endpointId") SELECT 'LABEL', $2, 'SUCCEEDED', $1, id FROM e RETURNING id, "endpointId")
     SELECT r.id AS "runId", r."endpointId",
       (SELECT st."principleId" FROM "ChainStep" st JOIN "Chain" c ON c.id = st."chainId" JOIN "Prompt" p ON p.id = c."promptId" WHERE p."datasetId" = $1 ORDER BY st.id LIMIT 1) AS "principleId"
     FROM r`,
    [id, judge],
  );
  const pairs = await queryE2eDatabase<{ id: number }>(
    `INSERT INTO "Comparison" ("promptId", "responseAId", "responseBId", source)
     SELECT c."promptId", c."initialResponseId", (SELECT st."revisionId" FROM "ChainStep" st WHERE st."chainId" = c.id ORDER BY st.index DESC LIMIT 1), 'CHAIN'
     FROM "Chain" c JOIN "Prompt" p ON p.id = c."promptId" WHERE p."datasetId" = $1 ORDER BY c.id RETURNING id`,
    [id],
  );
  expect(pairs).toHaveLength(3);
  for (const [i, pair] of pairs.entries()) {
    await queryE2eDatabase(
      `INSERT INTO "AiVerdict" ("comparisonId", "runId", "endpointId", "pA", "pAUsed", flips, spread, principles, method, "chainOfThought")
       VALUES ($1, $2, $3, $4, $5, $6, 0, 1, 'LOGPROBS', true)`,
      [pair.id, run.runId, run.endpointId, raw[i], used[i], flips[i]],
    );
    await queryE2eDatabase(
      `INSERT INTO "AiLabel" ("comparisonId", "runId", "endpointId", "principleId", "order", method, prompt, "pA")
       VALUES ($1, $2, $3, $4, 'AB', 'LOGPROBS', 'p', $5), ($1, $2, $3, $4, 'BA', 'LOGPROBS', 'p', $6)`,
      [pair.id, run.runId, run.endpointId, run.principleId, ab[i], ba[i]],
    );
    await queryE2eDatabase(`INSERT INTO "HumanLabel" ("comparisonId", source, choice) VALUES ($1, 'REVIEW', $2)`, [pair.id, answers[i]]);
  }

  // soft labels: raw against clamped, as histogram() bins them
  await page.goto(`/charts/soft-labels?run=${run.runId}`);
  const soft = page.getByRole("figure", { name: "Soft-label histogram" });
  await expect(soft.locator(".recharts-bar-rectangle path").first()).toBeVisible();
  await expect(soft.getByText(/Only 3 verdicts/)).toBeVisible();
  const rawBins = histogram(raw).bins;
  const usedBins = histogram(used).bins;
  expect(await tableRows(soft.getByRole("table", { name: /^3 verdicts by P\(A\)/ }))).toEqual(
    rawBins.map((b, i) => [`${b.low.toFixed(2)}–${b.high.toFixed(2)}`, String(b.count), share(b.share), String(usedBins[i].count), share(usedBins[i].share)]),
  );
  // margin 0.3: 0.9 and 0.2 are confident raw; nothing clamped can be
  await expect(soft.getByRole("table", { name: /confident share raw 66\.7%, used 0\.0%$/ })).toBeVisible();
  // each bin opens the pairs it counts (e2e/charts-drilldown.spec.ts follows the links)
  await expect(soft.getByRole("link", { name: "Used (1)", exact: true }).first()).toHaveAttribute("href", `/comparisons?run=${run.runId}&pAMin=0.4&pAMax=0.5`);

  // calibration: the reviewers' answers against P(A) used
  await page.goto(`/charts/calibration?run=${run.runId}&humans=REVIEW`);
  const calibration = page.getByRole("figure", { name: "Calibration" });
  const expected = reliability(used.map((p, i) => ({ p, outcome: outcomeOf(answers[i]) })));
  await expect(calibration.getByRole("table", { name: `3 answers (A 2, B 1, tie 0); ECE ${n3(expected.ece)}; Brier ${n3(expected.brier)}` })).toBeVisible();
  expect(await tableRows(calibration.getByRole("table"))).toEqual(
    // one answer per pair: as many pairs as answers
    expected.bins.map((b) => [`${b.low.toFixed(2)}–${b.high.toFixed(2)}`, String(b.count), String(b.count), n3(b.meanPredicted), n3(b.observed)]),
  );
  // a bin's link is labelled with the pairs it lists
  await expect(calibration.getByRole("link", { name: "1 pair", exact: true })).toHaveCount(3);
  await expect(calibration.getByRole("link", { name: "1 pair", exact: true }).first()).toHaveAttribute("href", `/comparisons?run=${run.runId}&pAMin=0.4&pAMax=0.5&humans=review`);
  await expect(calibration.locator(".recharts-scatter-symbol")).toHaveCount(3);

  // position bias: the pairs of the principle in both orders
  await page.goto(`/charts/position-bias?run=${run.runId}`);
  const bias = positionBias(ab.map((p, i) => orderPair(p, ba[i])));
  const row = (label: string) => [label, "3", n3(bias.meanPAOrder1), n3(bias.meanPAOrder2), n3(bias.meanFirst), share(bias.firstPreferredShare!), n3(bias.flipRate), "1", "1"];
  const [principle] = await queryE2eDatabase<{ key: string }>(`SELECT key FROM "Principle" WHERE id = $1`, [run.principleId]);
  expect(await tableRows(page.getByRole("table", { name: "Position bias over all pairs" }))).toEqual([row("All pairs")]);
  // the overall row's link names the comparisons with a flipped verdict it lists
  await expect(page.getByRole("table", { name: "Position bias over all pairs" }).getByRole("link", { name: "2 comparisons", exact: true })).toHaveAttribute(
    "href",
    `/comparisons?flipped=true&run=${run.runId}`,
  );
  expect(await tableRows(page.getByRole("table", { name: "Position bias per principle" }))).toEqual([row(principle.key)]);
  expect(await tableRows(page.getByRole("table", { name: "Position bias per endpoint" }))).toEqual([row(judge)]);
  await expect(page.getByRole("figure", { name: "P(A) in one order against the other" }).locator(".recharts-scatter-symbol")).toHaveCount(3);
  expect(n3(bias.flipRate)).toBe("0.667");
});

test("the chart index links every chart, and an empty scope says what to do", async ({ page }) => {
  await page.goto("/charts");
  for (const name of ["PM score by revision number", "Soft-label histogram", "Calibration", "Position bias"]) {
    await expect(page.getByRole("link", { name })).toBeVisible();
  }
  await page.getByRole("link", { name: "Calibration" }).click();
  await expect(page.getByRole("heading", { name: "Calibration", level: 1 })).toBeVisible();
  await page.goto("/charts/position-bias?run=2000000000");
  await expect(page.getByRole("heading", { name: "No pairs judged in both orders" })).toBeVisible();
  await page.goto("/charts/soft-labels?run=2000000000");
  await expect(page.getByRole("heading", { name: "No AI labels to chart" })).toBeVisible();
});
