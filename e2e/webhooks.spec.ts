import { expect, test } from "@playwright/test";
import { startReceiver, type TestReceiver } from "../test/webhooks/receiver";

// Settings > Webhooks as an admin: register a URL of a receiver this spec starts, copy the secret
// shown once, send a test event and see it arrive, signed, and in the delivery log; then disable
// and delete it. The e2e server's worker sends it over real HTTP.

let receiver: TestReceiver;

test.beforeAll(async () => {
  receiver = await startReceiver();
});
test.afterAll(async () => {
  await receiver.close();
});

test("register a webhook, see its secret once, send a test event and find it delivered", async ({ page }) => {
  await page.goto("/settings");
  await page.getByRole("link", { name: "Webhooks" }).click();
  await page.getByRole("button", { name: "Register a webhook" }).click();

  const form = page.getByRole("form", { name: "New webhook" });
  await form.getByLabel("URL").fill("ftp://example.org/hook");
  await form.getByRole("button", { name: "Register webhook" }).click();
  await expect(form).toContainText("must be an http:// or https:// URL");

  await form.getByLabel("URL").fill(receiver.url);
  await form.getByLabel("Description (optional)").fill("e2e receiver");
  await form.getByLabel(/An import finished/).check();
  await form.getByRole("button", { name: "Register webhook" }).click();

  const secret = page.getByLabel("Signing secret");
  await expect(secret).toHaveText(/^whsec_/);
  receiver.secret = (await secret.textContent()) ?? "";
  await page.getByRole("button", { name: "I have stored it" }).click();
  await expect(page.getByLabel("Signing secret")).toHaveCount(0);

  const card = page.getByRole("article", { name: `Webhook ${receiver.url}` });
  await expect(card).toContainText("run.succeeded, run.failed, import.succeeded");
  await card.getByRole("button", { name: "Send test event" }).click();
  await expect(card.getByRole("status")).toContainText("Test event queued");
  const log = card.getByRole("table", { name: "Deliveries" });
  await expect(log).toContainText("webhook.test");
  await expect(log).toContainText("delivered", { timeout: 15_000 });
  await expect(log).toContainText("200");
  expect(receiver.received.length).toBeGreaterThan(0);
  expect(receiver.received.every((r) => r.valid)).toBe(true);

  await card.getByRole("button", { name: "Disable" }).click();
  await expect(card).toContainText("disabled");
  page.once("dialog", (dialog) => void dialog.accept());
  await card.getByRole("button", { name: "Delete" }).click();
  await expect(card).toHaveCount(0);
});
