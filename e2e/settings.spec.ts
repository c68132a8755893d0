import { expect, test } from "@playwright/test";
import { startFakeLlmServer, type FakeLlmServer } from "../test/fake-llm";
import { uniqueDataset } from "./helpers";

// The settings page against a fake model provider this spec starts itself: the studio's server
// calls it over real HTTP, exactly as it would call vLLM.

let fake: FakeLlmServer;

test.beforeAll(async () => {
  fake = await startFakeLlmServer({ reply: () => "The fake model says hello." });
});
test.afterAll(async () => {
  await fake.close();
});

test("add an endpoint pointing at a model server, test it, see the answer and that log-probs are available", async ({ page }) => {
  const name = uniqueDataset("e2e-endpoint");
  await page.goto("/settings");
  await page.getByRole("button", { name: "Add an endpoint" }).click();

  const form = page.getByRole("form", { name: "Add an endpoint" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Base URL").fill(`${fake.url}/v1`);
  await form.getByLabel("Model").fill("fake-chat");
  await form.getByLabel("Requests per minute").fill("600");
  // the form can be tried before it is saved
  await form.getByRole("button", { name: "Test without saving" }).click();
  await expect(form.getByRole("region", { name: "Test result" })).toContainText("The fake model says hello.");
  await form.getByRole("button", { name: "Add endpoint" }).click();

  const card = page.getByRole("article", { name });
  await expect(card).toContainText("fake-chat");
  await expect(card).toContainText("8 at once, 600 per minute");
  await expect(card).toContainText("Log-probsnot tested yet");
  await expect(card).toContainText("Last testnever");
  await card.getByRole("button", { name: `Test ${name}` }).click();
  const result = card.getByRole("region", { name: `Test result for ${name}` });
  await expect(result).toContainText("The fake model says hello.");
  await expect(result).toContainText("log-probs available");
  await expect(result).toContainText(/\d+ ms · model fake-chat/);
  await expect(card.getByRole("definition").filter({ hasText: /^yes$/ })).toBeVisible(); // log-probs: yes, recorded

  // edit it: the form comes back filled in, and a change shows in the list
  await card.getByRole("button", { name: `Edit ${name}` }).click();
  const edit = page.getByRole("form", { name: `Edit endpoint ${name}` });
  await expect(edit.getByLabel("Model")).toHaveValue("fake-chat");
  await edit.getByLabel("Max concurrency").fill("3");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(card).toContainText("3 at once, 600 per minute");
});

test("mistakes are named on their field, and a failing test says why in words", async ({ page }) => {
  const name = uniqueDataset("e2e-broken");
  await page.goto("/settings");
  await page.getByRole("button", { name: "Add an endpoint" }).click();
  const form = page.getByRole("form", { name: "Add an endpoint" });
  await form.getByLabel("Kind").selectOption({ label: "Anthropic Messages API" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Base URL").fill("not a url");
  await form.getByLabel("Model").fill("claude-fake");
  await form.getByRole("button", { name: "Add endpoint" }).click();
  await expect(form.getByText("must be an http:// or https:// URL, e.g. http://127.0.0.1:8000/v1")).toBeVisible();

  await form.getByLabel("Base URL").fill(fake.url);
  await form.getByLabel("From an environment variable").check();
  await form.getByLabel("Environment variable", { exact: true }).fill("CAI_E2E_UNSET_KEY");
  await form.getByRole("button", { name: "Add endpoint" }).click();

  const card = page.getByRole("article", { name });
  await expect(card).toContainText("from $CAI_E2E_UNSET_KEY (not set)");
  await card.getByRole("button", { name: `Test ${name}` }).click();
  await expect(card.getByRole("alert")).toContainText("environment variable CAI_E2E_UNSET_KEY, which is not set");
  // a test that failed says so, not "untested"
  await expect(card.getByRole("definition").filter({ hasText: /^failed, \d{4}-\d\d-\d\d \d\d:\d\d UTC$/ })).toBeVisible();
});
