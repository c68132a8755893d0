import "server-only";
import { betterAuth, type BetterAuthOptions } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { genericOAuth } from "better-auth/plugins";
import { ROLES } from "@/lib/auth/roles";
import { CLIENT_ADDRESS_HEADER } from "../client-address";
import { prisma } from "../db";
import { env } from "../env";
import { afterAuthRoute, beforeAuthRoute } from "./hooks";
import { publicUrl, secureCookies, trustedOrigins } from "./origins";
import { authSecret } from "./secret";
import { auditSsoLink, auditSsoUser } from "./sso-audit";
import { ssoRefusal } from "./sso-policy";
import { OIDC_PROVIDER_ID, ssoSettings, type SsoSettings } from "./sso-settings";

// The Better Auth instance: email and password, and single sign-on with one OpenID Connect provider
// when the environment configures one (singleSignOn below), sessions in Postgres (the Session table),
// sign-in attempts counted in the RateLimit table so every web process shares the count, per client
// address as the studio's web server found it (never a forwarded header the client wrote itself:
// lib/server/client-address.ts), and per account (hooks.ts). Nobody
// signs up: accounts come from an admin (lib/server/auth/users.ts) or the first-run setup, or from
// the identity provider, as viewers (docs/decisions/013-single-sign-on.md).
// Made on first use, not on import: `next build` loads the route modules with no secret and no
// database.

const SIGN_IN_WINDOW_SECONDS = 60;

/** Sign-in attempts per IP a minute: 5 unless CAI_SIGN_IN_LIMIT says otherwise (the e2e suite signs in often). */
function signInLimit(): number {
  return env.CAI_SIGN_IN_LIMIT;
}

/** A new instance from the current environment; the studio uses getAuth(), tests make their own. */
export function createAuth() {
  const sso = ssoSettings();
  return betterAuth({
    appName: "CAI Studio",
    baseURL: publicUrl(),
    basePath: "/api/auth",
    secret: authSecret(),
    database: prismaAdapter(prisma, { provider: "postgresql" }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 8, maxPasswordLength: 128 },
    user: {
      // input: false keeps the role out of every body Better Auth accepts (update-user included)
      // and out of what it copies from an identity provider's profile: new users are viewers
      additionalFields: { role: { type: [...ROLES], required: false, defaultValue: "VIEWER", input: false } },
      // who single sign-on may make, join or sign in (sso-policy.ts)
      validateUserInfo: sso ? ({ user, source }) => (source.method === "oauth" ? ssoRefusal(user, sso.allowedDomains) : undefined) : undefined,
    },
    // who may be joined to the provider's identity: see singleSignOn below
    account: sso ? SSO_ACCOUNTS : undefined,
    databaseHooks: sso ? ssoAudit(sso) : undefined,
    plugins: sso ? [singleSignOn(sso)] : [],
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    rateLimit: {
      // on in every environment (Better Auth's default is production only), shared through Postgres
      enabled: true,
      storage: "database",
      window: 60,
      max: 100,
      customRules: { "/sign-in/email": { window: SIGN_IN_WINDOW_SECONDS, max: signInLimit() } },
    },
    trustedOrigins: trustedOrigins(),
    hooks: { before: beforeAuthRoute, after: afterAuthRoute },
    // where Better Auth sends the browser when single sign-on fails, with ?error=<code>
    onAPIError: { errorURL: `${publicUrl()}/sign-in` },
    advanced: {
      cookiePrefix: "cai-studio",
      useSecureCookies: secureCookies(),
      // set by scripts/studio/web-server.ts from the socket; X-Forwarded-For is not read here at all
      ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] },
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
    },
    telemetry: { enabled: false },
  });
}

/**
 * The identity provider as Better Auth's generic OAuth plugin: discovery (fetched when the instance
 * is made, and again at sign-in if the provider did not answer then), PKCE, and the ID token
 * checked against the provider's keys and a nonce. Who it may sign in: sso-policy.ts.
 */
function singleSignOn(sso: SsoSettings) {
  return genericOAuth({
    config: [
      {
        providerId: OIDC_PROVIDER_ID,
        name: sso.name,
        discoveryUrl: sso.discoveryUrl,
        requireIdTokenVerification: true,
        clientId: sso.clientId,
        clientSecret: sso.clientSecret,
        // HTTP Basic: the one way every provider must accept a client secret (RFC 6749 2.3.1)
        tokenEndpointAuth: { method: "client_secret_basic" },
        scopes: ["openid", "email", "profile"],
        pkce: true,
        // only the standard fields: no claim of the provider's reaches the role or any other column
        mapProfileToUser: (profile) => ({ name: typeof profile.name === "string" && profile.name.trim() ? profile.name.trim() : String(profile.email ?? "") }),
      },
    ],
  });
}

// An account with the provider's email is joined to the provider's identity only when the provider
// says the email is verified (it is not in trustedProviders, so its word is checked) and the
// studio's account is verified too (an admin's are); the policy (sso-policy.ts) runs first. The
// provider's tokens are kept encrypted; the studio never uses them.
const SSO_ACCOUNTS = {
  encryptOAuthTokens: true,
  accountLinking: { enabled: true, trustedProviders: [], requireLocalEmailVerified: true, updateUserInfoOnLink: false, allowDifferentEmails: false },
} satisfies BetterAuthOptions["account"];

function ssoAudit(sso: SsoSettings) {
  return {
    user: { create: { after: (user) => auditSsoUser(user, sso.issuer) } },
    account: { create: { after: (account) => auditSsoLink(account, sso.issuer) } },
  } satisfies BetterAuthOptions["databaseHooks"];
}

export type Auth = ReturnType<typeof createAuth>;
const globalForAuth = globalThis as unknown as { caiAuth?: Auth };

export function getAuth(): Auth {
  globalForAuth.caiAuth ??= createAuth();
  return globalForAuth.caiAuth;
}
