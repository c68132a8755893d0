import { expect, test, type Locator } from "@playwright/test";
import path from "node:path";
import { clampProbability, isFlip } from "../lib/cai/soft-label";
import { addEndpointInSettings, FIXTURES, importThroughBrowser, queryE2eDatabase, uniqueDataset } from "./helpers";
import { apiPost } from "./auth";

// The "done when", in the browser: a dataset with chains imported, initial-vs-final pairs
// made, an endpoint on the fake provider (started by playwright.config.ts) added and tested, a
// labeling run with chain of thought and both orders started and watched to the end, then one of
// its comparisons read: the reasoning, the raw and clamped probabilities, and whether the order
// flipped the verdict, each checked against the rows the worker stored. The fake provider answers
// chain-of-thought questions with step-by-step reasoning and multiple-choice questions with a
// letter whose log-prob competes with the other letter's.

interface StoredLabel {
  key: string;
  order: "AB" | "BA";
  pA: number;
  pAClamped: number | null;
  logprobA: number | null;
  logprobB: number | null;
  reasoning: string | null;
  method: string;
}

const probability = (p: number) => p.toFixed(3);
const logprob = (lp: number) => (lp < 0 ? `−${Math.abs(lp).toFixed(3)}` : lp.toFixed(3));

test("label initial-vs-final pairs with chain of thought in both orders, then read a comparison's reasoning, raw and clamped P(A) and flips", async ({ page }) => {
  const endpoint = uniqueDataset("e2e-judge");
  await addEndpointInSettings(page, endpoint);
  const dataset = uniqueDataset("e2e-labels");
  await importThroughBrowser(page, path.join(FIXTURES, "sl-chains.jsonl"), dataset);

  // pairs, from the datasets page: each chain's initial response against its final revision
  await page.goto("/datasets");
  await page.getByRole("link", { name: `Make pairs for ${dataset}` }).click();
  await expect(page.getByRole("heading", { name: "Make pairs", level: 1 })).toBeVisible();
  await expect(page.getByLabel("Dataset", { exact: true })).toHaveValue(/\d+/);
  await expect(page.getByText("This dataset has 3 chains (3 imported)")).toBeVisible();
  await page.getByLabel("From critique-revision chains").check();
  await page.getByLabel("Initial response against the final revision (one pair per chain)").check();
  const makePairs = page.getByRole("form", { name: "Make pairs" });
  // how many it will make, before anyone presses the button
  const toMake = makePairs.getByRole("status", { name: "Pairs to make" });
  await expect(toMake).toHaveText("This will make 3 new pairs.");
  await page.getByLabel("Each revision against the one before (N pairs per chain of N steps)").check();
  await expect(toMake).toHaveText("This will make 7 new pairs.");
  await page.getByLabel("Initial response against the final revision (one pair per chain)").check();
  await makePairs.getByRole("button", { name: "Make pairs" }).click();
  const made = page.getByRole("status").filter({ hasText: /pairs? made/ });
  await expect(made).toHaveText(/3 new pairs made; 0 were already there\./);
  await expect(toMake).toHaveText("This will make 0 new pairs (3 of the 3 it covers exist already).");
  // making them again adds nothing, and says so
  await makePairs.getByRole("button", { name: "Make pairs" }).click();
  await expect(made).toHaveText(/0 new pairs made; 3 were already there\./);
  // the labeling form, opened with its dataset and pairs chosen, sends no request the server refuses
  const refused: string[] = [];
  page.on("response", (response) => {
    if (response.url().includes("/api/") && response.status() >= 400) refused.push(`${response.status()} ${response.url()}`);
  });
  await made.getByRole("link", { name: "Label these pairs" }).click();

  // the labeling run: chain of thought, both orders (the default), the paper's clamp
  await expect(page.getByRole("heading", { name: "New labeling run", level: 1 })).toBeVisible();
  const form = page.getByRole("form", { name: "New labeling run" });
  await expect(form.getByLabel("Dataset", { exact: true }).locator("option:checked")).toHaveText(new RegExp(`^${dataset} · 3 comparisons`));
  await expect(form.getByLabel("Where the pairs came from")).toHaveValue("CHAIN");
  await form.getByLabel("Endpoint", { exact: true }).selectOption({ label: `${endpoint} (fake-model)` });
  await expect(form).toContainText("log-probs: yes");
  await expect(form.getByLabel("Log-probs of the answer letters (the paper's way)")).toBeChecked();
  await expect(form.getByLabel("Constitution version").locator("option:checked")).toHaveText(/^Studio default v\d+ · 16 preference principles/);
  await expect(form.getByLabel("Judge each pair in both orders, (A, B) and (B, A)")).toBeChecked();
  await form.getByLabel("Chain of thought: let the model reason step by step first").check();
  await expect(form.getByLabel("Clamp: lowest P(A)")).toHaveValue("0.4");
  await expect(form.getByLabel("Clamp: highest P(A)")).toHaveValue("0.6");
  await expect(form.getByRole("status").filter({ hasText: "This selection" })).toHaveText("This selection covers 3 pairs: 6 judgments (2 per pair).");
  expect(refused).toEqual([]);
  await form.getByLabel("Name (optional)").fill("e2e labeling run");
  await form.getByRole("button", { name: "Start labeling run" }).click();

  // the run page: progress to the end, then what the run concluded
  await expect(page).toHaveURL(/\/runs\/\d+$/);
  const runId = Number(new URL(page.url()).pathname.split("/").at(-1));
  await expect(page.getByRole("heading", { name: "e2e labeling run", level: 1 })).toBeVisible();
  await expect(page.getByText(`Labeling run #${runId}`)).toBeVisible();
  await expect(page.getByRole("progressbar", { name: "Run progress" })).toHaveAttribute("aria-valuetext", "3 of 3 done, 0 failed (100%)", { timeout: 60_000 });
  await expect(page.getByRole("status").filter({ hasText: /^Status / })).toHaveText("Status succeeded");

  const verdicts = await queryE2eDatabase<{ comparisonId: number; pA: number; pAUsed: number; flips: number }>(
    `SELECT "comparisonId", "pA", "pAUsed", flips FROM "AiVerdict" WHERE "runId" = $1 ORDER BY "comparisonId"`,
    [runId],
  );
  expect(verdicts).toHaveLength(3);
  const counts = page.getByRole("table", { name: "P(A) histogram counts" });
  for (let bin = 0; bin < 10; bin++) {
    const inBin = (p: number) => Math.min(9, Math.floor(p * 10)) === bin;
    const raw = verdicts.filter((v) => inBin(v.pA)).length;
    const used = verdicts.filter((v) => inBin(v.pAUsed)).length;
    await expect(counts.getByRole("row").nth(bin + 1)).toHaveText(`${(bin / 10).toFixed(1)}–${((bin + 1) / 10).toFixed(1)}${raw}${used}`);
  }
  const flipTotal = verdicts.reduce((n, v) => n + v.flips, 0);
  // one principle per pair, two labels each: 6 labels, 3 pairs judged in both orders
  await expect(page.getByRole("table", { name: "Flip rate per principle" }).getByRole("row").last()).toHaveText(`All principles63${flipTotal}${((flipTotal / 3) * 100).toFixed(1)}%`);

  const comparisons = page.getByRole("table", { name: "Comparisons of this run" });
  await expect(comparisons.getByRole("row")).toHaveCount(4); // the header and one row per pair
  await comparisons.getByRole("link", { name: `Comparison #${verdicts[0].comparisonId}` }).click();

  // the comparison viewer
  const comparisonId = verdicts[0].comparisonId;
  await expect(page.getByRole("heading", { name: `Comparison #${comparisonId}`, level: 1 })).toBeVisible();
  await expect(page.getByRole("list", { name: "Conversation" })).toContainText("Human");
  await expect(page.getByRole("region", { name: "Response A" })).toContainText(/initial response|revision/);
  await expect(page.getByRole("region", { name: "Response B" })).toContainText(/initial response|revision/);

  const labels = await queryE2eDatabase<StoredLabel>(
    `SELECT p.key, l."order", l."pA", l."pAClamped", l."logprobA", l."logprobB", l.reasoning, l.method
       FROM "AiLabel" l JOIN "Principle" p ON p.id = l."principleId" WHERE l."runId" = $1 AND l."comparisonId" = $2 ORDER BY p.key, l."order"`,
    [runId, comparisonId],
  );
  expect(labels).toHaveLength(2); // one principle, both orders
  const judgment = page.getByRole("article", { name: "Labeling run e2e labeling run" });
  for (const label of labels) {
    // what the worker stored: clamped into [0.4, 0.6], equal to clamp(raw), with the reasoning kept
    expect(label.method).toBe("LOGPROBS");
    expect(label.pAClamped).not.toBeNull();
    expect(label.pAClamped!).toBeGreaterThanOrEqual(0.4);
    expect(label.pAClamped!).toBeLessThanOrEqual(0.6);
    expect(label.pAClamped!).toBeCloseTo(clampProbability(label.pA, 0.4, 0.6), 12);
    expect(label.reasoning).toMatch(/step by step/);

    // what the page shows for it
    const principle: Locator = judgment.getByRole("listitem", { name: `Principle ${label.key}` });
    const order = principle.getByRole("region", { name: label.order === "AB" ? "Order (A, B)" : "Order (B, A)" });
    await expect(order.getByRole("img", { name: new RegExp(`^P\\(A\\), Order \\(${label.order === "AB" ? "A, B" : "B, A"}\\) ${probability(label.pA)}`) })).toBeVisible();
    await expect(order).toContainText(`Clamped P(A)${probability(label.pAClamped!)} (to [0.4, 0.6])`);
    await expect(order).toContainText(`log-prob of letter A (response ${label.order === "AB" ? "A" : "B"})${logprob(label.logprobA!)}`);
    await expect(order).toContainText(`log-prob of letter B (response ${label.order === "AB" ? "B" : "A"})${logprob(label.logprobB!)}`);
    // the reasoning as written (the exact prompt, folded below, may hold it too)
    await expect(order.getByText(label.reasoning!.trim()).first()).toBeVisible();
  }
  const [ab, ba] = [labels.find((l) => l.order === "AB")!, labels.find((l) => l.order === "BA")!];
  const principle = judgment.getByRole("listitem", { name: `Principle ${ab.key}` });
  if (isFlip(ab.pA, ba.pA)) {
    await expect(principle.getByText("FLIPPED", { exact: true })).toBeVisible();
    await expect(principle).toContainText("The order flipped the verdict");
  } else {
    await expect(principle).toContainText("both orders agree");
    await expect(principle.getByText("FLIPPED", { exact: true })).toHaveCount(0);
  }
  const verdict = judgment.getByRole("region", { name: "Verdict of Labeling run e2e labeling run" });
  await expect(verdict.getByRole("img", { name: new RegExp(`^P\\(A\\) raw ${probability(verdicts[0].pA)}`) })).toBeVisible();
  await expect(verdict.getByRole("img", { name: new RegExp(`^P\\(A\\) used ${probability(verdicts[0].pAUsed)}`) })).toBeVisible();
  await expect(verdict).toContainText(`${verdicts[0].flips} of 1 principle`);

  // the exact prompt and the reply behind a label, opened on demand
  const first = judgment.getByRole("region", { name: "Order (A, B)" });
  await first.getByText("Exact prompt and reply, Order (A, B)").click();
  await expect(first.getByRole("article", { name: /^Call p\d+\.AB\./ }).first()).toContainText("model fake-model");
  await expect(first.getByRole("table", { name: "Top log-probs where the answer letter was read" })).toContainText("letter A");

  // the next and previous comparison of the same run from the keyboard
  const here = page.url();
  await page.keyboard.press("j");
  await expect(page).toHaveURL(new RegExp(`/comparisons/${verdicts[1].comparisonId}\\?run=${runId}$`));
  await expect(page.getByRole("heading", { name: `Comparison #${verdicts[1].comparisonId}`, level: 1 })).toBeVisible();
  await page.keyboard.press("k");
  await expect(page).toHaveURL(here);

  // the comparisons list shows the run's pairs with their verdicts
  await page.goto(`/comparisons?run=${runId}`);
  const list = page.getByRole("table", { name: "Comparisons" });
  await expect(list.getByRole("row")).toHaveCount(4);
  await expect(list.getByRole("img", { name: new RegExp(`^Verdict P\\(A\\) of comparison ${comparisonId} ${probability(verdicts[0].pAUsed)}`) })).toBeVisible();
});

test("sample fresh pairs from the make-pairs page: a model that answers the same text twice makes no pair, and the run page says why", async ({ page }) => {
  const endpoint = uniqueDataset("e2e-sampler");
  await addEndpointInSettings(page, endpoint);
  const dataset = uniqueDataset("e2e-samples");
  await importThroughBrowser(page, path.join(FIXTURES, "prompts.jsonl"), dataset);

  await page.goto("/comparisons");
  await page.getByRole("link", { name: "Make pairs" }).first().click();
  await expect(page.getByRole("heading", { name: "Make pairs", level: 1 })).toBeVisible();
  await page.getByLabel("Dataset", { exact: true }).selectOption({ label: dataset });
  await page.getByLabel("Sample fresh pairs").check();
  const form = page.getByRole("form", { name: "New sampling run" });
  await expect(form.getByRole("status")).toHaveText("This selection covers 5 prompts.");
  await form.getByLabel("Endpoint", { exact: true }).selectOption({ label: `${endpoint} (fake-model)` });
  await expect(form.getByLabel("Temperature")).toHaveValue("1");
  await form.getByLabel("Temperature").fill("0");
  await form.getByLabel("Name (optional)").fill("e2e sampling run");
  await form.getByRole("button", { name: "Start sampling run" }).click();
  // two samples of one prompt at temperature 0 would be the same answer: refused beside the field
  await expect(form.getByText("two samples need a temperature above 0")).toBeVisible();
  await form.getByLabel("Temperature").fill("0.8");
  await form.getByRole("button", { name: "Start sampling run" }).click();

  await expect(page.getByRole("heading", { name: "e2e sampling run", level: 1 })).toBeVisible();
  await expect(page.getByRole("progressbar", { name: "Run progress" })).toHaveAttribute("aria-valuetext", "5 of 5 done, 0 failed (100%)", { timeout: 60_000 });
  // the fake model's answer is a function of the prompt, as a deterministic server's is: two samples
  // of a prompt are the same text, and a preference between them would be noise
  await expect(page.getByRole("note", { name: "Identical samples" })).toContainText(
    "5 prompts made no pair: the two samples were the same text (a deterministic server, or a low temperature), and identical answers say nothing about which is better.",
  );
  const pairs = page.getByRole("table", { name: "Pairs made by this run" });
  await expect(pairs.getByRole("row")).toHaveCount(6);
  await expect(pairs.getByRole("cell", { name: "2/2" })).toHaveCount(5);
  await expect(pairs.getByRole("cell", { name: "none: the two samples are the same text" })).toHaveCount(5);
});

test("the labeling form refuses log-probs from an endpoint without them, and unknown comparisons are 404 pages", async ({ page, baseURL }) => {
  const name = uniqueDataset("e2e-claude");
  const created = await apiPost(page.request, baseURL!, "/api/endpoints", { name, kind: "ANTHROPIC", model: "claude-fake" });
  expect(created.status(), await created.text()).toBe(201);
  // the form needs a dataset to offer; any will do
  await importThroughBrowser(page, path.join(FIXTURES, "prompts.jsonl"), uniqueDataset("e2e-labels-form"));
  await page.goto("/runs/new-label");
  const form = page.getByRole("form", { name: "New labeling run" });
  await form.getByLabel("Endpoint", { exact: true }).selectOption({ label: `${name} (claude-fake)` });
  await expect(form).toContainText("log-probs: no");
  await expect(form.getByLabel("Log-probs of the answer letters (the paper's way)")).toBeDisabled();
  await expect(form.getByLabel("Fallback: sample the answer k times")).toBeChecked();
  await expect(form.getByRole("status").filter({ hasText: "Switched to the sampled fallback" })).toContainText("Anthropic's Messages API returns no token log-probs");
  await expect(form.getByLabel("Samples per label (k)")).toHaveValue("8");

  expect((await page.goto("/comparisons/2000000000"))?.status()).toBe(404);
});
