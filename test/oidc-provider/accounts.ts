// The people the test identity provider knows, by the email typed on its login page. One for each
// case the studio must tell apart: a verified address in the accepted domain, one outside it, one
// the provider has not verified, and one whose profile claims a role (which must not stick).
// Emails are made unique per call, so tests running at once never meet each other's users.

import { randomUUID } from "node:crypto";

export interface OidcTestAccount {
  /** the provider's stable subject */
  sub: string;
  email: string;
  email_verified: boolean;
  name: string;
  /** a claim the studio must ignore */
  role?: string;
}

export const OIDC_TEST_DOMAIN = "sso.studio.test";

/** A fresh set of accounts; `domain` is the accepted one, the outsider is at elsewhere.test. */
export function oidcTestAccounts(domain = OIDC_TEST_DOMAIN) {
  const tag = randomUUID().slice(0, 8);
  const account = (name: string, email: string, verified: boolean, extra: Partial<OidcTestAccount> = {}): OidcTestAccount => ({
    sub: `sub-${name.toLowerCase().replace(/\W+/g, "-")}-${tag}`,
    email,
    email_verified: verified,
    name,
    ...extra,
  });
  return {
    member: account("Mina Member", `mina-${tag}@${domain}`, true),
    outsider: account("Otto Outsider", `otto-${tag}@elsewhere.test`, true),
    unverified: account("Uma Unverified", `uma-${tag}@${domain}`, false),
    claimsAdmin: account("Clara Claims", `clara-${tag}@${domain}`, true, { role: "ADMIN" }),
  };
}
