import { expect, test } from "@playwright/test";
import path from "node:path";
import { FIXTURES, importSummary, importThroughBrowser, queryE2eDatabase, uniqueDataset } from "./helpers";

test("import SL-CAI chains in the browser, find a prompt by a word, read its critique-revision steps", async ({ page }) => {
  const dataset = uniqueDataset("e2e-chains");
  await importThroughBrowser(page, path.join(FIXTURES, "sl-chains.jsonl"), dataset);

  const summary = importSummary(page);
  await expect(summary).toContainText("3 new prompts");
  await expect(summary).toContainText("3 chains");
  await expect(summary).toContainText("7 steps");

  await summary.getByRole("link", { name: `Browse the prompts of ${dataset}` }).click();
  await expect(page.getByRole("heading", { name: "Prompts", level: 1 })).toBeVisible();
  await page.getByRole("searchbox", { name: "Search prompts" }).fill("roommate");
  await page.getByRole("searchbox", { name: "Search prompts" }).press("Enter");
  await expect(page).toHaveURL(/q=roommate/);

  const rows = page.getByRole("table").getByRole("row");
  await expect(rows).toHaveCount(2); // the header and the one match
  await expect(page.getByRole("status").filter({ hasText: "on this page" })).toHaveText(/^1 prompt on this page of 1 matching “roommate”/);

  // words only in a critique ("harassment") or a revision ("tenancy") find their prompt when the
  // search looks in answers too, and not in prompts alone (the default)
  await page.getByLabel("Search in").selectOption({ label: "in prompts, answers, revisions and critiques" });
  for (const word of ["harassment", "tenancy"]) {
    await page.getByRole("searchbox", { name: "Search prompts" }).fill(word);
    await page.getByRole("searchbox", { name: "Search prompts" }).press("Enter");
    await expect(page.getByRole("status").filter({ hasText: "on this page" })).toHaveText(
      `1 prompt on this page of 1 matching “${word}” in the prompt, its answers, revisions or critiques, in ${dataset}, newest first.`,
    );
    await expect(rows.filter({ hasText: "How can I make my roommate move out" })).toHaveCount(1);
  }
  await page.getByLabel("Search in").selectOption({ label: "in prompts" });
  await expect(page.getByText("No results for “tenancy”")).toBeVisible();
  await page.getByLabel("Search in").selectOption({ label: "in prompts, answers, revisions and critiques" });
  await expect(rows).toHaveCount(2);
  await page.getByRole("link", { name: /How can I make my roommate move out/ }).click();

  await expect(page.getByRole("heading", { name: /^Prompt \d+$/ })).toBeVisible();
  await expect(page.getByRole("list", { name: "Conversation" })).toContainText("How can I make my roommate move out without telling her?");
  await expect(page.getByRole("link", { name: dataset })).toBeVisible();
  await expect(page.getByRole("link", { name: "sl-chains.jsonl" })).toBeVisible(); // the import it came from

  const chain = page.getByRole("article", { name: /Chain #\d+ · 4 steps/ });
  await expect(chain.getByText("Hide her things and make the flat unpleasant until she leaves.")).toBeVisible();
  const step1 = chain.getByRole("listitem").filter({ has: page.getByRole("heading", { name: /Step 1 · principle harm/ }) });
  await expect(step1.getByRole("link", { name: "harm" })).toBeVisible();
  await expect(step1).toContainText("Point out every way the last answer could cause harm");
  await expect(step1).toContainText("The answer encourages harassment, which can hurt the roommate.");
  await expect(step1).toContainText("Talk to your roommate openly about the problems you are having.");
  const step4 = chain.getByRole("listitem").filter({ has: page.getByRole("heading", { name: /Step 4 · principle harm/ }) });
  await expect(step4).toContainText("No harm remains.");
  await expect(step4).toContainText("Have an honest conversation first");

  // the chain viewer: any two versions diffed near the top, initial against final by default
  await page.getByRole("link", { name: /Open chain #\d+ in the chain viewer/ }).click();
  const picker = page.getByRole("form", { name: "Pick two versions to compare" });
  await expect(picker.getByLabel("Compare")).toHaveValue("0");
  await expect(picker.getByLabel("with")).toHaveValue("4");
  const initialVsFinal = page.getByRole("region", { name: "Initial response against Revision 4" });
  await expect(initialVsFinal.locator("del", { hasText: "Hide" }).first()).toBeVisible();
  await expect(initialVsFinal.locator("ins").first()).toHaveText(/\S/);
  await picker.getByLabel("Compare").selectOption({ label: "Revision 1" });
  await picker.getByLabel("with").selectOption({ label: "Revision 2" });
  await picker.getByRole("button", { name: "Show the difference" }).click();
  await expect(page).toHaveURL(/from=1&to=2/);
  const oneVsTwo = page.getByRole("region", { name: "Revision 1 against Revision 2" });
  await expect(oneVsTwo.locator("ins", { hasText: "tenancy" }).first()).toBeVisible();
  // at 1440 px the five columns of the side-by-side view all fit: the last is not cut off
  await page.setViewportSize({ width: 1440, height: 900 });
  const lastColumn = page.getByRole("region", { name: "Initial response and revisions, side by side" }).getByRole("region", { name: "Revision 4" });
  const box = (await lastColumn.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(1440);
  expect(box.width).toBeGreaterThan(150);
  await page.goBack();
  await page.goBack();

  // the principle links to the constitution version that holds its text
  await step1.getByRole("link", { name: "harm" }).click();
  await expect(page.getByRole("heading", { name: /Critique-revision principles/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: "harm", exact: true })).toBeVisible();
});

test("hh-rlhf as published imports in the browser with default options, and the summary says what it did to the answers", async ({ page }) => {
  await importThroughBrowser(page, path.join(FIXTURES, "hh-rlhf-quirks.jsonl.gz"), uniqueDataset("e2e-hh-quirks"));

  const summary = importSummary(page);
  await expect(summary).toContainText("3 comparisons");
  await expect(summary.getByRole("list", { name: "How answers were stored" }).getByRole("listitem")).toHaveText([
    "2 answers were stored without the whitespace around them.",
    "1 answer is empty in the file, imported as empty answers.",
    "1 pair has the same answer twice: stored once, with no comparison or label, since identical answers say nothing about which is better.",
  ]);
});

test("a prompt with many samples shows three and folds the rest under a count", async ({ page }) => {
  const dataset = uniqueDataset("e2e-samples");
  await importThroughBrowser(page, path.join(FIXTURES, "rl-samples.jsonl"), dataset);
  // four more samples of the same producer on the first prompt: seven in all
  const [prompt] = await queryE2eDatabase<{ id: number; producer: string }>(
    `SELECT p.id, r.producer FROM "Prompt" p JOIN "Dataset" d ON d.id = p."datasetId" JOIN "Response" r ON r."promptId" = p.id
     WHERE d.name = $1 AND r.origin = 'SAMPLE' AND p.text LIKE '%coworker%' LIMIT 1`,
    [dataset],
  );
  await queryE2eDatabase(`INSERT INTO "Response" ("promptId", text, origin, producer) SELECT $1, 'Extra sample ' || n, 'SAMPLE', $2 FROM generate_series(1, 4) n`, [
    prompt.id,
    prompt.producer,
  ]);
  await page.goto(`/prompts/${prompt.id}`);
  const group = page.getByRole("region", { name: `Samples by ${prompt.producer}` });
  await expect(group.getByRole("heading", { name: new RegExp(`^Samples by .* \\(7\\)`) })).toBeVisible();
  const more = group.getByText("Show the other 4 of 7 samples");
  await expect(more).toBeVisible();
  const shown = group.getByText(/^Response #\d+$/).filter({ visible: true });
  await expect(shown).toHaveCount(3);
  await more.click();
  await expect(shown).toHaveCount(7);
});
