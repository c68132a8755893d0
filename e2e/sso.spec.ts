import { expect, test } from "@playwright/test";
import { oidcTestAccounts, startOidcProvider, type TestOidcProvider } from "../test/oidc-provider";
import { E2E_OIDC_PORT, E2E_SSO_DOMAIN, E2E_SSO_NAME, e2eOidcClient, e2eStudioOrigin } from "./sso";

// Single sign-on in a browser: someone nobody made an account for clicks "Sign in with Test IdP",
// logs in at a real OpenID Connect provider (test/oidc-provider, started here on the port the e2e
// studio is configured with: e2e/sso.ts) and lands in the studio signed in, as a viewer. Someone
// outside the accepted domain comes back to the sign-in page, told why. Each test opens the studio
// signed out, on its public origin (localhost), where the provider sends the browser back.

const STUDIO = e2eStudioOrigin();
const people = oidcTestAccounts(E2E_SSO_DOMAIN);
let provider: TestOidcProvider;

test.use({ storageState: { cookies: [], origins: [] } });

test.beforeAll(async () => {
  provider = await startOidcProvider({ port: E2E_OIDC_PORT, ...e2eOidcClient(), accounts: Object.values(people) });
});
test.afterAll(async () => {
  await provider?.close();
});

test("a new person signs in through the identity provider and lands in the studio as a viewer", async ({ page }) => {
  await page.goto(`${STUDIO}/prompts`);
  await expect(page).toHaveURL(`${STUDIO}/sign-in?next=%2Fprompts`);
  await page.getByRole("button", { name: `Sign in with ${E2E_SSO_NAME}` }).click();

  await expect(page.getByRole("heading", { name: "Test identity provider" })).toBeVisible();
  expect(new URL(page.url()).origin).toBe(provider.issuer);
  await page.getByLabel("Email at the provider").fill(people.member.email);
  await page.getByRole("button", { name: "Continue" }).click();

  await expect(page).toHaveURL(`${STUDIO}/prompts`);
  const signedIn = page.getByLabel("Signed in");
  await expect(signedIn).toContainText(people.member.name);
  await expect(signedIn).toContainText(people.member.email);
  await expect(signedIn).toContainText("viewer");
  const session = await page.request.get(`${STUDIO}/api/auth/get-session`);
  expect(await session.json()).toMatchObject({ user: { email: people.member.email, role: "VIEWER" } });
});

test("someone outside the accepted email domains is sent back to sign in, told why", async ({ page }) => {
  await page.goto(`${STUDIO}/sign-in`);
  await page.getByRole("button", { name: `Sign in with ${E2E_SSO_NAME}` }).click();
  await page.getByLabel("Email at the provider").fill(people.outsider.email);
  await page.getByRole("button", { name: "Continue" }).click();

  await expect(page).toHaveURL(/\/sign-in\?error=sso_email_domain_not_allowed/);
  // filtered: Next's route announcer is an alert too
  await expect(page.getByRole("alert").filter({ hasText: "not in a domain this studio accepts" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
});
