import "server-only";
import { SSO_REFUSALS } from "@/lib/auth/sso-refusals";
import type { SsoSettings } from "./sso-settings";

// Who the identity provider may sign in: someone whose email it has verified, in a domain the
// studio accepts (CAI_OIDC_ALLOWED_DOMAINS). Better Auth asks this (its user.validateUserInfo,
// installed by auth.ts) before it makes a user from the provider's answer, before it joins the
// provider's identity to an existing account with the same email, and on every later sign-in with
// fresh claims, so someone whose address moved out of the accepted domains is refused too. The
// codes come back to the sign-in page as ?error=<code> (lib/auth/sso-refusals.ts says them).

export interface Refusal {
  error: string;
  errorDescription: string;
}

/** The part after the last "@", lower-cased; null for something that is not an address. */
export function emailDomain(email: string): string | null {
  const at = email.lastIndexOf("@");
  if (at <= 0 || at === email.length - 1) return null;
  return email.slice(at + 1).toLowerCase();
}

/** Exact domains only: sub.example.org is another domain than example.org, and must be listed too. */
export function domainAllowed(email: string, allowed: SsoSettings["allowedDomains"]): boolean {
  const domain = emailDomain(email);
  if (!domain) return false;
  return allowed === "any" || allowed.includes(domain);
}

/** Why the provider's user may not sign in, or undefined when they may. */
export function ssoRefusal(user: { email?: unknown; emailVerified?: unknown }, allowed: SsoSettings["allowedDomains"]): Refusal | undefined {
  const email = typeof user.email === "string" ? user.email.trim() : "";
  if (!email) return { error: SSO_REFUSALS.NO_EMAIL, errorDescription: "the identity provider gave no email address" };
  // Better Auth has already read email_verified ("true" strings included) into a boolean
  if (user.emailVerified !== true) return { error: SSO_REFUSALS.EMAIL_NOT_VERIFIED, errorDescription: "the identity provider has not verified this email address" };
  if (!domainAllowed(email, allowed)) return { error: SSO_REFUSALS.DOMAIN_NOT_ALLOWED, errorDescription: "this email domain may not sign in here" };
  return undefined;
}
