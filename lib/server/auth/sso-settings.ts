import "server-only";
import { readEnv } from "../env";
import { publicUrl } from "./origins";

// Single sign-on as the environment configures it: one OpenID Connect provider (CAI_OIDC_*), and
// whether email and password sign-in stays on (CAI_PASSWORD_SIGN_IN). Each variable is checked on
// its own in env.ts; here, how they go together: an issuer needs a client and the domains it may
// sign in, and turning passwords off needs single sign-on. `npm start` checks this before anything
// starts (lib/server/setup/start-checks.ts); no message ever holds the client secret.
// Why it is built this way: docs/decisions/013-single-sign-on.md.

type Source = Readonly<Record<string, string | undefined>>;

/** The provider id Better Auth knows the identity provider by: it is in the callback address. */
export const OIDC_PROVIDER_ID = "oidc";

export interface SsoSettings {
  issuer: string;
  discoveryUrl: string;
  clientId: string;
  clientSecret: string;
  /** lower-case email domains, or "any" for CAI_OIDC_ALLOWED_DOMAINS=* */
  allowedDomains: readonly string[] | "any";
  /** what the button says after "Sign in with" */
  name: string;
}

/** The configured provider, null when single sign-on is off; an Error naming the variable to set when half-configured. */
export function ssoSettings(source?: Source): SsoSettings | null {
  const env = readEnv(source);
  const issuer = env.CAI_OIDC_ISSUER;
  if (!issuer) {
    const stray = (["CAI_OIDC_CLIENT_ID", "CAI_OIDC_CLIENT_SECRET", "CAI_OIDC_ALLOWED_DOMAINS"] as const).find((name) => env[name] !== undefined);
    if (stray) throw new Error(`${stray} is set but CAI_OIDC_ISSUER is not: set the identity provider's issuer address too, or unset ${stray}.`);
    return null;
  }
  const clientId = env.CAI_OIDC_CLIENT_ID;
  const clientSecret = env.CAI_OIDC_CLIENT_SECRET;
  const domains = env.CAI_OIDC_ALLOWED_DOMAINS;
  if (!clientId) throw new Error("CAI_OIDC_ISSUER is set but CAI_OIDC_CLIENT_ID is not: set the client id your identity provider gave the studio.");
  if (!clientSecret) throw new Error("CAI_OIDC_ISSUER is set but CAI_OIDC_CLIENT_SECRET is not: set the client secret your identity provider gave the studio.");
  if (!domains) {
    throw new Error(
      "CAI_OIDC_ISSUER is set but CAI_OIDC_ALLOWED_DOMAINS is not: name the email domains whose people may sign in (example.org,lab.example.org), or * for anyone the provider knows.",
    );
  }
  return {
    issuer,
    discoveryUrl: `${issuer}/.well-known/openid-configuration`,
    clientId,
    clientSecret,
    allowedDomains: domains.includes("*") ? "any" : domains,
    name: env.CAI_OIDC_NAME,
  };
}

/** Whether /api/auth/sign-in/email is open; an Error when it is off and nothing else signs anyone in. */
export function passwordSignIn(source?: Source): boolean {
  const on = readEnv(source).CAI_PASSWORD_SIGN_IN;
  if (!on && !readEnv(source).CAI_OIDC_ISSUER) {
    throw new Error("CAI_PASSWORD_SIGN_IN is false but single sign-on is not configured (CAI_OIDC_ISSUER): nobody could sign in. Configure single sign-on or unset CAI_PASSWORD_SIGN_IN.");
  }
  return on;
}

/** What the sign-in page offers: nothing secret, so it may go to the browser. */
export interface SignInMethods {
  password: boolean;
  sso: { providerId: string; name: string } | null;
}

export function signInMethods(source?: Source): SignInMethods {
  const settings = ssoSettings(source);
  return { password: passwordSignIn(source), sso: settings && { providerId: OIDC_PROVIDER_ID, name: settings.name } };
}

/** The redirect URI to register at the identity provider. */
export function oidcCallbackUrl(): string {
  return `${publicUrl()}/api/auth/callback/${OIDC_PROVIDER_ID}`;
}

/** For start-checks: what is wrong with the single sign-on settings, as messages. */
export function ssoProblems(source: Source = process.env): string[] {
  const problems: string[] = [];
  for (const check of [() => ssoSettings(source), () => passwordSignIn(source)]) {
    try {
      check();
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  return [...new Set(problems)];
}
