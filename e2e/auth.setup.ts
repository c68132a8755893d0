import { expect, test as setup } from "@playwright/test";
import { E2E_PASSWORD, ROLE_PEOPLE, apiPost, signInThroughPage, storageStatePath, type Person } from "./auth";

// Runs before every spec (the "people" project in playwright.config.ts): the admin signs in through
// the sign-in page, makes the reviewers and the viewer, and each person's session is kept for the
// specs. The e2e database is new on every run, so the accounts are made here every time.

setup("the admin signs in and makes the reviewers and the viewer", async ({ page, baseURL, browser }) => {
  // signed out, a page sends you to sign in, and back to it afterwards
  await page.goto("/datasets");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fdatasets$/);
  expect((await page.request.get("/api/prompts")).status()).toBe(401);
  await signInThroughPage(page, "admin");
  await page.context().storageState({ path: storageStatePath("admin") });

  const others = (Object.keys(ROLE_PEOPLE) as Person[]).filter((person) => person !== "admin");
  for (const person of others) {
    const created = await apiPost(page.request, baseURL!, "/api/users", { ...ROLE_PEOPLE[person], password: E2E_PASSWORD });
    expect(created.status(), await created.text()).toBe(201);

    const context = await browser.newContext();
    const theirs = await context.newPage();
    await signInThroughPage(theirs, person);
    await context.storageState({ path: storageStatePath(person) });
    await context.close();
  }
});
