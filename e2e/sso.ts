// Single sign-on in the e2e studio: scripts/e2e-server.ts gives the studio these settings, and
// e2e/sso.spec.ts starts the identity provider they point at (test/oidc-provider) on
// E2E_OIDC_PORT (3103 unless set; 3102 is the embedded database of E2E_EMBEDDED=1). The studio reads the provider's discovery when it first signs
// someone in, not only at start, so the provider need not run before the studio does.
// The redirect URI is the studio's public address, http://localhost:<E2E_PORT> (CAI_PUBLIC_URL is
// not set for the e2e studio): the spec signs in on that origin, so Better Auth's state cookie
// and the session cookie are on the host the provider sends the browser back to.

export const E2E_OIDC_PORT = Number(process.env.E2E_OIDC_PORT ?? 3103);
export const E2E_SSO_DOMAIN = "sso.e2e.test";
export const E2E_SSO_NAME = "Test IdP";
const CLIENT_ID = "cai-studio-e2e";
// a test value for a provider that lives as long as one spec; not a secret of any real studio
const CLIENT_SECRET = "e2e-only-oidc-client-secret";

export function e2eStudioOrigin(): string {
  return `http://localhost:${process.env.E2E_PORT ?? "3100"}`;
}

/** What the spec's provider must accept: this client, sending people back to the studio. */
export function e2eOidcClient() {
  return { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [`${e2eStudioOrigin()}/api/auth/callback/oidc`] };
}

/** The studio's side, for scripts/e2e-server.ts; password sign-in stays on (the other specs use it). */
export function e2eSsoEnvironment(): Record<string, string> {
  return {
    CAI_OIDC_ISSUER: `http://127.0.0.1:${E2E_OIDC_PORT}`,
    CAI_OIDC_CLIENT_ID: CLIENT_ID,
    CAI_OIDC_CLIENT_SECRET: CLIENT_SECRET,
    CAI_OIDC_ALLOWED_DOMAINS: E2E_SSO_DOMAIN,
    CAI_OIDC_NAME: E2E_SSO_NAME,
  };
}
