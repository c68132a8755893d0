import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { ssoErrorMessage, SSO_REFUSALS } from "@/lib/auth/sso-refusals";
import { createAuth, getAuth } from "@/lib/server/auth/auth";
import { signInAfterSetup } from "@/lib/server/auth/sign-in";
import { oidcCallbackUrl, signInMethods, ssoProblems } from "@/lib/server/auth/sso-settings";
import { prisma } from "@/lib/server/db";
import { pgPool } from "@/lib/server/pg";
import { OIDC_TEST_DOMAIN, oidcTestAccounts, startOidcProvider, type OidcTestAccount, type TestOidcProvider } from "../oidc-provider";
import { makeUser, signInRequest } from "./sessions";
import { SsoBrowser, STUDIO } from "./sso-browser";

// Single sign-on end to end, without mocks: a real OpenID Connect provider (test/oidc-provider) on
// a port of its own, and the studio's Better Auth instance made from the environment as the studio
// makes it. The browser is walked by hand (sso-browser.ts): the studio sends it to the provider,
// it logs in there, the provider sends it back with a code, and the studio's handler exchanges
// the code over HTTP, checks the ID token and decides.

const CLIENT_ID = "cai-studio-test";
const CLIENT_SECRET = `test-client-secret-${randomUUID()}`;
const accounts = oidcTestAccounts();
// someone an admin made an account for, who then signs in through the provider with the same email
const adminAtProvider = personAtProvider("Ada at the provider");
const reviewerAtProvider = personAtProvider("Rex at the provider");
let provider: TestOidcProvider;

function personAtProvider(name: string): OidcTestAccount {
  const tag = randomUUID().slice(0, 8);
  return { sub: `sub-${tag}`, email: `${name.split(" ")[0]!.toLowerCase()}-${tag}@${OIDC_TEST_DOMAIN}`, email_verified: true, name };
}

function startProvider(port = 0) {
  return startOidcProvider({
    port,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUris: [`${STUDIO}/api/auth/callback/oidc`],
    accounts: [...Object.values(accounts), adminAtProvider, reviewerAtProvider],
  });
}

beforeAll(async () => {
  provider = await startProvider();
});
afterAll(async () => {
  await provider?.close();
  await prisma.$disconnect();
  await pgPool().end();
});
afterEach(() => vi.unstubAllEnvs());

function configureSso(extra: Record<string, string> = {}) {
  const variables = {
    CAI_OIDC_ISSUER: provider.issuer,
    CAI_OIDC_CLIENT_ID: CLIENT_ID,
    CAI_OIDC_CLIENT_SECRET: CLIENT_SECRET,
    CAI_OIDC_ALLOWED_DOMAINS: OIDC_TEST_DOMAIN,
    CAI_OIDC_NAME: "Test IdP",
    ...extra,
  };
  for (const [name, value] of Object.entries(variables)) vi.stubEnv(name, value);
}

function studioWithSso(extra: Record<string, string> = {}) {
  configureSso(extra);
  return createAuth();
}

describe("signing in through the identity provider", () => {
  it("makes a new user from a verified email in an allowed domain, as a viewer, signed in, and audited", async () => {
    const auth = studioWithSso();
    const outcome = await new SsoBrowser(auth).signIn(accounts.member.email, "/prompts?page=2");
    expect(outcome.landed.href).toBe(`${STUDIO}/prompts?page=2`);
    expect(outcome.visited.some((url) => url.origin === provider.issuer && url.pathname.startsWith("/interaction/"))).toBe(true);
    expect(outcome.sessionCookie).not.toBeNull();

    const session = await auth.api.getSession({ headers: new Headers({ cookie: outcome.sessionCookie! }) });
    expect(session?.user).toMatchObject({ email: accounts.member.email, name: "Mina Member", role: "VIEWER", emailVerified: true });
    const user = await prisma.user.findUniqueOrThrow({ where: { email: accounts.member.email }, include: { accounts: true } });
    expect(user.role).toBe("VIEWER");
    expect(user.accounts).toHaveLength(1);
    expect(user.accounts[0]).toMatchObject({ providerId: "oidc", accountId: accounts.member.sub, password: null });
    // the provider's tokens are kept encrypted
    expect(user.accounts[0]!.accessToken).toMatch(/^\$ba\$|^[0-9a-f]+$/);
    const audit = await prisma.auditLog.findMany({ where: { entityType: "user", entityId: user.id } });
    expect(audit).toEqual([
      expect.objectContaining({
        action: "user.create",
        actor: "single sign-on",
        userId: null,
        after: expect.objectContaining({ email: accounts.member.email, role: "VIEWER", issuer: provider.issuer }),
      }),
    ]);

    // the next sign-in finds the same user through the provider's subject
    const again = await new SsoBrowser(auth).signIn(accounts.member.email);
    expect(again.landed.pathname).toBe("/datasets");
    expect(await prisma.user.count({ where: { email: accounts.member.email } })).toBe(1);
    expect(await prisma.account.count({ where: { userId: user.id } })).toBe(1);
  });

  it("refuses an email outside the allowed domains, says why on the sign-in page, and makes nobody", async () => {
    const outcome = await new SsoBrowser(studioWithSso()).signIn(accounts.outsider.email);
    expect(outcome.landed.pathname).toBe("/sign-in");
    expect(outcome.landed.searchParams.get("error")).toBe(SSO_REFUSALS.DOMAIN_NOT_ALLOWED);
    expect(outcome.sessionCookie).toBeNull();
    expect(ssoErrorMessage(outcome.landed.searchParams.get("error"))).toMatch(/not in a domain this studio accepts/);
    expect(await prisma.user.findUnique({ where: { email: accounts.outsider.email } })).toBeNull();
    expect(await prisma.account.count({ where: { accountId: accounts.outsider.sub } })).toBe(0);
  });

  it("refuses an email the provider has not verified, and makes nobody", async () => {
    const outcome = await new SsoBrowser(studioWithSso()).signIn(accounts.unverified.email);
    expect(outcome.landed.pathname).toBe("/sign-in");
    expect(outcome.landed.searchParams.get("error")).toBe(SSO_REFUSALS.EMAIL_NOT_VERIFIED);
    expect(outcome.sessionCookie).toBeNull();
    expect(await prisma.user.findUnique({ where: { email: accounts.unverified.email } })).toBeNull();
  });

  it("ignores a role the provider's profile claims", async () => {
    const outcome = await new SsoBrowser(studioWithSso()).signIn(accounts.claimsAdmin.email);
    expect(outcome.landed.pathname).toBe("/datasets");
    expect(await prisma.user.findUniqueOrThrow({ where: { email: accounts.claimsAdmin.email } })).toMatchObject({ role: "VIEWER" });
  });

  it("joins the provider's identity to the account an admin made for the same verified email, keeping its role", async () => {
    const existing = await makeUser("ADMIN", { email: adminAtProvider.email, name: "Ada Admin" });
    const auth = studioWithSso();
    const outcome = await new SsoBrowser(auth).signIn(adminAtProvider.email);
    expect(outcome.landed.pathname).toBe("/datasets");
    const session = await auth.api.getSession({ headers: new Headers({ cookie: outcome.sessionCookie! }) });
    expect(session?.user).toMatchObject({ id: existing.id, role: "ADMIN", name: "Ada Admin" });
    const linked = await prisma.account.findMany({ where: { userId: existing.id }, orderBy: { providerId: "asc" } });
    expect(linked.map((account) => account.providerId)).toEqual(["credential", "oidc"]);
    expect(await prisma.auditLog.findFirst({ where: { entityId: existing.id, action: "user.link" } })).toMatchObject({ actor: "single sign-on" });
  });

  it("does not join an identity to an existing account outside the allowed domains", async () => {
    const existing = await makeUser("REVIEWER", { email: reviewerAtProvider.email });
    // the account's domain is not (or no longer) accepted: the provider's word is not enough
    const auth = studioWithSso({ CAI_OIDC_ALLOWED_DOMAINS: "elsewhere.test" });
    const outcome = await new SsoBrowser(auth).signIn(reviewerAtProvider.email);
    expect(outcome.landed.searchParams.get("error")).toBe(SSO_REFUSALS.DOMAIN_NOT_ALLOWED);
    expect(outcome.sessionCookie).toBeNull();
    expect(await prisma.account.findMany({ where: { userId: existing.id }, select: { providerId: true } })).toEqual([{ providerId: "credential" }]);
  });

  it("reads the provider's discovery again at sign-in when the provider was down when the studio started", async () => {
    // a port nobody listens on yet
    const probe = await startProvider();
    const port = Number(new URL(probe.issuer).port);
    await probe.close();
    const auth = studioWithSso({ CAI_OIDC_ISSUER: `http://127.0.0.1:${port}` });
    // the instance starts (and fails to read the discovery) on its first request
    expect((await auth.handler(new Request(`${STUDIO}/api/auth/get-session`))).status).toBe(200);
    const late = await startProvider(port);
    try {
      const outcome = await new SsoBrowser(auth).signIn(accounts.claimsAdmin.email);
      expect(outcome.landed.pathname).toBe("/datasets");
      expect(outcome.sessionCookie).not.toBeNull();
    } finally {
      await late.close();
    }
  });

  it("never sends the client secret to the browser, and refuses an ID token posted by a client", async () => {
    const auth = studioWithSso();
    const started = await auth.handler(
      new Request(`${STUDIO}/api/auth/sign-in/social`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: STUDIO, "x-cai-client-address": "10.9.9.9" },
        body: JSON.stringify({ provider: "oidc", callbackURL: "/datasets", disableRedirect: true }),
      }),
    );
    const body = await started.text();
    expect(started.status).toBe(200);
    expect(body).toContain(`${provider.issuer}/auth?`);
    expect(body).not.toContain(CLIENT_SECRET);
    expect(JSON.stringify([...started.headers])).not.toContain(CLIENT_SECRET);

    const posted = await auth.handler(
      new Request(`${STUDIO}/api/auth/sign-in/social`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: STUDIO, "x-cai-client-address": "10.9.9.8" },
        body: JSON.stringify({ provider: "oidc", idToken: { token: "eyJhbGciOiJub25lIn0.e30." } }),
      }),
    );
    // Better Auth itself would answer 401 for this token; the studio refuses the whole way first
    expect(posted.status).toBe(400);
    expect(await posted.json()).toMatchObject({ code: "ID_TOKEN_SIGN_IN_OFF" });
  });
});

describe("password sign-in turned off", () => {
  it("refuses /sign-in/email with a message, while the first-run setup still signs its admin in", async () => {
    const user = await makeUser("ADMIN");
    const auth = studioWithSso({ CAI_PASSWORD_SIGN_IN: "false" });
    const refused = await auth.handler(signInRequest(user.email, user.password));
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: "PASSWORD_SIGN_IN_OFF", message: expect.stringMatching(/turned off/) });
    // the setup route signs the admin it has just made in from the server, not over HTTP
    const cookies = await signInAfterSetup(new Request(`${STUDIO}/api/setup`, { headers: { origin: STUDIO } }), user);
    expect(cookies.some((cookie) => cookie.startsWith("cai-studio.session_token="))).toBe(true);
    expect(signInMethods()).toEqual({ password: false, sso: { providerId: "oidc", name: "Test IdP" } });
  });

  it("is on by default, and the page offers both when single sign-on is configured", async () => {
    configureSso();
    expect(signInMethods()).toEqual({ password: true, sso: { providerId: "oidc", name: "Test IdP" } });
    const user = await makeUser("VIEWER");
    expect((await getAuth().handler(signInRequest(user.email, user.password))).status).toBe(200);
  });
});

describe("single sign-on settings", () => {
  it("is off with no issuer, and names the variable that is missing or wrong", () => {
    expect(ssoProblems({})).toEqual([]);
    expect(signInMethods({})).toEqual({ password: true, sso: null });
    const complete = {
      CAI_OIDC_ISSUER: "https://login.example.org/",
      CAI_OIDC_CLIENT_ID: "studio",
      CAI_OIDC_CLIENT_SECRET: "s3cret-value",
      CAI_OIDC_ALLOWED_DOMAINS: "example.org, Lab.Example.org",
    };
    expect(ssoProblems(complete)).toEqual([]);
    expect(ssoProblems({ ...complete, CAI_OIDC_CLIENT_SECRET: "" })).toEqual([expect.stringMatching(/CAI_OIDC_CLIENT_SECRET is not/)]);
    expect(ssoProblems({ ...complete, CAI_OIDC_ALLOWED_DOMAINS: undefined })).toEqual([expect.stringMatching(/CAI_OIDC_ALLOWED_DOMAINS is not/)]);
    expect(ssoProblems({ ...complete, CAI_OIDC_ALLOWED_DOMAINS: "example.org, not a domain" })).toEqual([expect.stringMatching(/CAI_OIDC_ALLOWED_DOMAINS must be email domains/)]);
    expect(ssoProblems({ ...complete, CAI_OIDC_ISSUER: "login.example.org" })).toEqual([expect.stringMatching(/CAI_OIDC_ISSUER must be/)]);
    expect(ssoProblems({ CAI_OIDC_CLIENT_ID: "studio" })).toEqual([expect.stringMatching(/CAI_OIDC_CLIENT_ID is set but CAI_OIDC_ISSUER is not/)]);
    expect(ssoProblems({ CAI_PASSWORD_SIGN_IN: "false" })).toEqual([expect.stringMatching(/nobody could sign in/)]);
    expect(ssoProblems({ CAI_PASSWORD_SIGN_IN: "maybe" })).toEqual([expect.stringMatching(/CAI_PASSWORD_SIGN_IN must be true or false/)]);
    // no message ever holds the secret
    expect(JSON.stringify(ssoProblems({ ...complete, CAI_OIDC_ALLOWED_DOMAINS: "" }))).not.toContain("s3cret-value");
  });

  it("prints the callback address to register at the provider", () => {
    vi.stubEnv("CAI_PUBLIC_URL", "https://studio.example.org/");
    expect(oidcCallbackUrl()).toBe("https://studio.example.org/api/auth/callback/oidc");
  });

  it("shows only its own words for an error in the sign-in address", () => {
    expect(ssoErrorMessage(null)).toBeNull();
    expect(ssoErrorMessage(SSO_REFUSALS.EMAIL_NOT_VERIFIED)).toMatch(/has not verified your email/);
    expect(ssoErrorMessage("access_denied")).toMatch(/cancelled/);
    expect(ssoErrorMessage("<script>call 555-0100</script>")).toBe(
      "Single sign-on did not work (scriptcall555-0100script). Try again; if it keeps failing, ask an admin to look in the studio's log.",
    );
  });
});
