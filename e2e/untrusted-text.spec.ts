import { expect, test, type Page } from "@playwright/test";
import path from "node:path";
import { FIXTURES, importSummary, importThroughBrowser, uniqueDataset } from "./helpers";

// Prompts and responses are untrusted text: markup in them must show as characters and never run.

async function expectNothingRan(page: Page, dialogs: string[]) {
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(dialogs).toEqual([]);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await expect(page.locator("main script")).toHaveCount(0);
}

test("markup in prompts and responses is shown as text and never executes", async ({ page }) => {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const dataset = uniqueDataset("e2e-xss");
  await importThroughBrowser(page, path.join(FIXTURES, "xss.jsonl"), dataset);
  await expect(importSummary(page)).toContainText("2 new prompts");

  await importSummary(page)
    .getByRole("link", { name: `Browse the prompts of ${dataset}` })
    .click();
  const scriptRow = page.getByRole("link", { name: /<script>window.__xss = 'script ran'<\/script>/ });
  const imgRow = page.getByRole("link", { name: /<img src=x onerror=/ });
  await expect(scriptRow).toBeVisible();
  await expect(imgRow).toBeVisible();
  await expectNothingRan(page, dialogs);

  await scriptRow.click();
  await expect(page.getByRole("heading", { name: /^Prompt \d+$/ })).toBeVisible();
  await expect(page.getByRole("list", { name: "Conversation" })).toContainText("Render this: <script>window.__xss = 'script ran'</script> please");
  await expectNothingRan(page, dialogs);

  await page.goBack();
  await imgRow.click();
  await expect(page.getByRole("heading", { name: /^Prompt \d+$/ })).toBeVisible();
  const conversation = page.getByRole("list", { name: "Conversation" });
  await expect(conversation).toContainText(`What does <img src=x onerror="window.__xss='img ran'"> do?`);
  await expect(conversation.getByText(/onerror/)).toBeVisible();
  // the assistant's answer came with the prompt and is shown as an imported response
  const answer = page.getByRole("listitem").filter({ hasText: /Response #\d+/ });
  await expect(answer).toContainText(`<b>bold?</b> <img src=x onerror="window.__xss='img ran in answer'">`);
  await expect(page.locator("main b")).toHaveCount(0);
  await expectNothingRan(page, dialogs);
});
