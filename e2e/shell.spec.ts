import { expect, test } from "@playwright/test";

test("the studio shell has a navigation landmark", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("navigation").first()).toBeVisible();
});
