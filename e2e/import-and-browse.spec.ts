import { expect, test } from "@playwright/test";
import path from "node:path";
import { FIXTURES, importSummary, importThroughBrowser, uniqueDataset } from "./helpers";

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
