import { expect, test, type Page } from "@playwright/test";
import { meanInterval } from "../lib/cai/charts";
import { pageAs } from "./auth";
import { importChains, labelRunWithFirstPrinciple, n3, queryE2eDatabase, scoreChains, tableRows, uniqueDataset } from "./helpers";

// From a chart down to the items behind a point: a soft-label bar, a principle's flip rate and a PM
// point each open a list holding as many items as the chart counted. And scores made from the
// browser: a scoring run against the fake scorer, its scores in the PM chart, and a Bradley-Terry fit.

const FAKE_SCORER_URL = `http://127.0.0.1:${process.env.E2E_FAKE_LLM_PORT ?? 3101}`;

/**
 * Each chain's consecutive answers paired (initial-r1, r1-r2, ...: 7 pairs over the fixture's 3
 * chains), a labeling run's verdicts on them and one principle's labels in both orders:
 *   used P(A)  0.62 0.49999999999999994 0.55 0.55 0.1  0.95 0.3   (0.4999... is binned at 0.5)
 *   raw P(A)   0.9  0.45                0.55 0.7  0.1  0.95 0.3
 *   AB / BA    .8/.7 .7/.2 .4/.6 .6/.3 .2/.1 .9/.8 .3/.6           (pairs 2, 3, 4 and 7 flip)
 */
async function labelledPairs(datasetId: number) {
  const run = await labelRunWithFirstPrinciple(datasetId, "e2e-drilldown-run");
  const pairs = await queryE2eDatabase<{ id: number }>(
    `INSERT INTO "Comparison" ("promptId", "responseAId", "responseBId", source)
     SELECT c."promptId", CASE WHEN st.index = 1 THEN c."initialResponseId" ELSE prev."revisionId" END, st."revisionId", 'CHAIN'
     FROM "ChainStep" st JOIN "Chain" c ON c.id = st."chainId" JOIN "Prompt" p ON p.id = c."promptId"
     LEFT JOIN "ChainStep" prev ON prev."chainId" = st."chainId" AND prev.index = st.index - 1
     WHERE p."datasetId" = $1 ORDER BY c.id, st.index RETURNING id`,
    [datasetId],
  );
  expect(pairs).toHaveLength(7);
  const used = [0.62, 0.49999999999999994, 0.55, 0.55, 0.1, 0.95, 0.3];
  const raw = [0.9, 0.45, 0.55, 0.7, 0.1, 0.95, 0.3];
  const ab = [0.8, 0.7, 0.4, 0.6, 0.2, 0.9, 0.3];
  const ba = [0.7, 0.2, 0.6, 0.3, 0.1, 0.8, 0.6];
  for (const [i, pair] of pairs.entries()) {
    await queryE2eDatabase(`INSERT INTO "RunItem" ("runId", "comparisonId", status) VALUES ($1, $2, 'DONE')`, [run.runId, pair.id]);
    await queryE2eDatabase(
      `INSERT INTO "AiVerdict" ("comparisonId", "runId", "pA", "pAUsed", flips, spread, principles, method, "chainOfThought")
       VALUES ($1, $2, $3, $4, $5, 0, 1, 'LOGPROBS', true)`,
      [pair.id, run.runId, raw[i], used[i], (ab[i] - 0.5) * (ba[i] - 0.5) < 0 ? 1 : 0],
    );
    await queryE2eDatabase(
      `INSERT INTO "AiLabel" ("comparisonId", "runId", "principleId", "order", method, prompt, "pA")
       VALUES ($1, $2, $3, 'AB', 'LOGPROBS', 'p', $4), ($1, $2, $3, 'BA', 'LOGPROBS', 'p', $5)`,
      [pair.id, run.runId, run.principleId, ab[i], ba[i]],
    );
  }
  return { ...run, pairs: pairs.map((p) => p.id) };
}

/** The comparisons list's count of every match, as a number. */
async function listedComparisons(page: Page): Promise<number> {
  const total = page.getByTestId("comparison-total");
  await expect(total).toBeVisible();
  return Number((await total.textContent())!.match(/^([\d,]+) comparison/)![1].replace(/,/g, ""));
}

test("a soft-label bar, a principle's flip rate and a PM point list exactly what the chart counts", async ({ page }) => {
  const dataset = await importChains(page, "e2e-drilldown");
  const run = await labelledPairs(dataset.id);

  // soft labels: the bar of P(A) used in [0.5, 0.6) counts three verdicts, 0.4999... among them
  await page.goto(`/charts/soft-labels?run=${run.runId}`);
  const soft = page.getByRole("figure", { name: "Soft-label histogram" });
  const bins = await tableRows(soft.getByRole("table", { name: /^7 verdicts by P\(A\)/ }));
  const bin = bins.find((row) => row[0] === "0.50–0.60")!;
  expect(bin[3]).toBe("3");
  await soft.locator(`a[aria-label="P(A) used 0.50–0.60: ${bin[3]} verdicts"]`).click();
  await expect(page).toHaveURL(/\/comparisons\?/);
  expect(await listedComparisons(page)).toBe(Number(bin[3]));
  await expect(page.getByRole("table", { name: "Comparisons" }).locator("tbody tr")).toHaveCount(3);
  const chips = page.getByRole("list", { name: "Active filters" });
  await expect(chips).toContainText("P(A) in [0.5, 0.6)");
  // a chip removed widens the list to the run's pairs
  await page.getByRole("button", { name: "Remove filter: P(A) in [0.5, 0.6)" }).click();
  await expect(page.getByTestId("comparison-total")).toHaveText("7 comparisons match these filters");
  await expect(chips).not.toContainText("P(A)");
  // paging on keeps the count (counted once per filter set), and a page opened at a cursor asks for it
  await page.goto(`/comparisons?run=${run.runId}&limit=3`);
  await expect(page.getByTestId("comparison-total")).toHaveText("7 comparisons match these filters");
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByRole("status").filter({ hasText: "on this page" })).toHaveText("7 comparisons match these filters; 3 on this page, newest first.");
  await page.goto(`/comparisons?run=${run.runId}&limit=3&before=${Math.max(...run.pairs)}`);
  await expect(page.getByRole("status").filter({ hasText: "on this page" })).toHaveText("7 comparisons match these filters; 3 on this page, newest first.");

  // every bin's table links, raw and used, list as many pairs as the bin holds
  await page.goto(`/charts/soft-labels?run=${run.runId}`);
  for (const row of bins) {
    for (const [label, count] of [
      ["Raw", row[1]],
      ["Used", row[3]],
    ] as const) {
      if (count === "0") continue;
      await page
        .getByRole("figure", { name: "Soft-label histogram" })
        .getByRole("row")
        .filter({ has: page.getByRole("cell", { name: row[0], exact: true }) })
        .getByRole("link", { name: `${label} (${count})`, exact: true })
        .click();
      expect(await listedComparisons(page), `${label} ${row[0]}`).toBe(Number(count));
      await page.goBack();
    }
  }

  // position bias: the principle's row opens the pairs it flipped on
  await page.goto(`/charts/position-bias?run=${run.runId}`);
  const perPrinciple = page.getByRole("table", { name: "Position bias per principle" });
  const [row] = await tableRows(perPrinciple);
  expect(row[0]).toBe(run.key);
  const flips = Number(row[7]) + Number(row[8]);
  expect(flips).toBe(4);
  await perPrinciple.getByRole("link", { name: "Show" }).click();
  expect(await listedComparisons(page)).toBe(flips);
  await expect(page.getByRole("list", { name: "Active filters" })).toContainText(`principle ${run.key}`);
  // a bubble of the order grid: pair 2, P(A) 0.7 shown first and 0.2 shown second
  await page.goBack();
  await page.getByRole("figure", { name: "P(A) in one order against the other" }).locator(`a[aria-label="A shown first 0.70–0.80, shown second 0.20–0.30: 1 pairs"]`).click();
  expect(await listedComparisons(page)).toBe(1);
  await expect(page.getByRole("table", { name: "Comparisons" }).getByRole("link", { name: `#${run.pairs[1]}`, exact: true })).toBeVisible();
  await expect(page.getByRole("list", { name: "Active filters" })).toContainText("P(A) shown first in [0.7, 0.8)");

  // PM by revision, split by principle: a point opens the scores it averages
  await scoreChains(dataset.id);
  const pmUrl = `/charts/pm-by-revision?dataset=${dataset.id}&source=IMPORTED&split=principle`;
  await page.goto(pmUrl);
  const pmTable = page.getByRole("table", { name: "Mean pm_score by revision number" });
  const points = await tableRows(pmTable);
  expect(points.length).toBeGreaterThan(2);
  for (const [i, point] of points.entries()) {
    await page.getByRole("table", { name: "Mean pm_score by revision number" }).locator("tbody tr").nth(i).getByRole("link", { name: "Show" }).click();
    await expect(page.getByTestId("chain-score-total")).toHaveText(`${point[2]} score${point[2] === "1" ? "" : "s"}`);
    await expect(page.getByRole("table", { name: "Scores behind the point" }).locator("tbody tr")).toHaveCount(Number(point[2]));
    await page.goBack();
  }
  // the dot itself is the same link
  await page.getByRole("figure", { name: "PM score by revision number" }).locator(`a[aria-label="Initial response, revision 0: 3 scores"]`).click();
  await expect(page.getByTestId("chain-score-total")).toHaveText("3 scores");
  await expect(page.getByRole("table", { name: "Scores behind the point" }).getByRole("row")).toHaveCount(4);

  // a critique principle's mean change opens the revisions it averages
  await page.goto(`/charts/principles?dataset=${dataset.id}&source=IMPORTED`);
  const changes = page.getByRole("table", { name: "Mean change in pm_score per critique principle" });
  const [change] = await tableRows(changes);
  await changes.locator("tbody tr").first().getByRole("link", { name: "Show" }).click();
  await expect(page.getByTestId("chain-score-total")).toHaveText(`${change[1]} score${change[1] === "1" ? "" : "s"}`);

  // Bradley-Terry fitted from the browser to the labeling run, on a chart page with nothing to show
  await page.goto(`/charts/harmless-vs-helpful?dataset=${dataset.id}`);
  const fit = page.getByRole("form", { name: "Fit Bradley-Terry" });
  await fit.getByLabel("Dataset").selectOption(String(dataset.id));
  await fit.getByLabel("AI labels: a labeling run").selectOption(String(run.runId));
  await fit.getByRole("button", { name: "Fit Bradley-Terry" }).click();
  // 7 pairs over the 3 chains' 10 answers
  await expect(fit.getByRole("status")).toContainText(`Stored bt:run ${run.runId}: a Bradley-Terry strength and its Elo for 10 responses, fitted to 7 labels over 3 prompts.`);
  const stored = await queryE2eDatabase<{ source: string; n: number }>(`SELECT s.source::text AS source, count(*)::int AS n FROM "Score" s WHERE s.name = $1 GROUP BY 1 ORDER BY 1`, [
    `bt:run ${run.runId}`,
  ]);
  expect(stored).toEqual([
    { source: "BRADLEY_TERRY", n: 10 },
    { source: "ELO", n: 10 },
  ]);
});

test("a scoring run started from the browser scores the chains, and the PM chart shows its scores", async ({ page, browser }) => {
  const dataset = await importChains(page, "e2e-score-run");
  const scorer = uniqueDataset("fake-scorer");
  await page.goto("/settings");
  await page.getByRole("button", { name: "Add an endpoint" }).click();
  const endpointForm = page.getByRole("form", { name: "Add an endpoint" });
  await endpointForm.getByLabel("Kind", { exact: true }).selectOption("SCORER");
  await endpointForm.getByLabel("Name", { exact: true }).fill(scorer);
  await endpointForm.getByLabel("Base URL", { exact: true }).fill(FAKE_SCORER_URL);
  await endpointForm.getByLabel("Model", { exact: true }).fill("fake-reward-model");
  await endpointForm.getByRole("button", { name: "Add endpoint" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Saved ${scorer}.` })).toBeVisible();
  const [endpoint] = await queryE2eDatabase<{ id: number }>(`SELECT id FROM "ModelEndpoint" WHERE name = $1`, [scorer]);
  // a model endpoint, which cannot score
  const chat = uniqueDataset("chat-model");
  await queryE2eDatabase(`INSERT INTO "ModelEndpoint" (name, kind, "baseUrl", model, "updatedAt") VALUES ($1, 'OPENAI_COMPATIBLE', $2, 'chat-model', now())`, [
    chat,
    `${FAKE_SCORER_URL}/v1`,
  ]);

  // no scores yet: the chart's empty state unfolds the ways to add some
  await page.goto(`/charts/pm-by-revision?dataset=${dataset.id}&score=${encodeURIComponent(`pm:${scorer}`)}`);
  await expect(page.getByRole("heading", { name: "No scored chains to chart" })).toBeVisible();
  await page.getByRole("link", { name: "New scoring run" }).click();
  const form = page.getByRole("form", { name: "New scoring run" });
  await expect(form.getByLabel("Dataset")).toHaveValue(String(dataset.id));
  await expect(form.getByRole("radio", { name: /^Chains/ })).toBeChecked();
  // only scoring endpoints are offered
  const offered = await form.getByLabel("Scoring endpoint").locator("option").allTextContents();
  expect(offered).toContain(`${scorer} (fake-reward-model)`);
  expect(offered.filter((text) => text.includes(chat))).toEqual([]);
  await form.getByLabel("Scoring endpoint").selectOption(String(endpoint.id));
  await expect(form.getByLabel("Score name")).toHaveAttribute("placeholder", `pm:${scorer}`);
  await form.getByRole("button", { name: "Start scoring run" }).click();
  await expect(page).toHaveURL(/\/runs\/\d+$/);
  await expect(page.getByRole("status").filter({ hasText: /^Status / })).toHaveText("Status succeeded", { timeout: 30_000 });

  // the fake scorer gives each answer its length in hundreds of characters
  const answers = await queryE2eDatabase<{ revision: number; text: string }>(
    `SELECT 0 AS revision, r.text FROM "Chain" c JOIN "Prompt" p ON p.id = c."promptId" JOIN "Response" r ON r.id = c."initialResponseId" WHERE p."datasetId" = $1
     UNION ALL
     SELECT st.index, r.text FROM "ChainStep" st JOIN "Chain" c ON c.id = st."chainId" JOIN "Prompt" p ON p.id = c."promptId" JOIN "Response" r ON r.id = st."revisionId" WHERE p."datasetId" = $1`,
    [dataset.id],
  );
  const revisions = [...new Set(answers.map((a) => a.revision))].sort((a, b) => a - b);
  const expected = revisions.map((revision) => {
    const m = meanInterval(answers.filter((a) => a.revision === revision).map((a) => a.text.length / 100));
    return ["All chains", String(revision), String(m.n), n3(m.mean), n3(m.low), n3(m.high), n3(m.sd)];
  });
  await page.goto(`/charts/pm-by-revision?dataset=${dataset.id}&score=${encodeURIComponent(`pm:${scorer}`)}&source=ENDPOINT`);
  expect(await tableRows(page.getByRole("table", { name: `Mean pm:${scorer} by revision number` }))).toEqual(expected);
  expect(expected[0][2]).toBe("3");

  // viewers see no way to add scores, and no scoring-run button
  const viewer = await pageAs(browser, "viewer");
  await viewer.goto(`/charts/pm-by-revision?dataset=${dataset.id}`);
  await expect(viewer.getByRole("heading", { name: "PM score by revision number", level: 1 })).toBeVisible();
  await expect(viewer.locator("summary", { hasText: "Add scores" })).toHaveCount(0);
  await viewer.goto("/runs");
  await expect(viewer.getByRole("heading", { name: "Runs", level: 1 })).toBeVisible();
  await expect(viewer.getByRole("link", { name: "New scoring run" })).toHaveCount(0);
  await viewer.context().close();
});
