import { expect, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { E2E_PASSWORD, ROLE_PEOPLE, storageStatePath, type Person } from "./people";

export { E2E_PASSWORD, ROLE_PEOPLE, storageStatePath, type Person };

/** A browser context signed in as `person`, and a page in it; close the context when done. */
export async function pageAs(browser: Browser, person: Person): Promise<Page> {
  const context = await browser.newContext({ storageState: storageStatePath(person) });
  return context.newPage();
}

/**
 * A mutating API call with the session of the page's context. Browsers send Origin on a fetch;
 * Playwright's request client does not, and the studio refuses a mutation without it (CSRF).
 */
export function apiPost(request: APIRequestContext, baseURL: string, url: string, data: unknown) {
  return request.post(url, { data, headers: { origin: new URL(baseURL).origin } });
}

/** Signs in through the sign-in page and waits for the studio to show who is signed in. */
export async function signInThroughPage(page: Page, person: Person) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(ROLE_PEOPLE[person].email);
  await page.getByLabel("Password").fill(E2E_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}
