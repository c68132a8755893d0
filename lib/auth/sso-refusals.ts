// Why a single sign-on ended back on the sign-in page, in words. Better Auth sends the browser to
// /sign-in?error=<code> when the provider's answer is refused: our own codes (the studio's policy,
// lib/server/auth/sso-policy.ts) and Better Auth's or the provider's. Only the code is read: the
// error_description beside it is text anyone can put in a link, so it is never shown. Pure: the
// sign-in page and the server policy share the codes.

export const SSO_REFUSALS = {
  EMAIL_NOT_VERIFIED: "sso_email_not_verified",
  DOMAIN_NOT_ALLOWED: "sso_email_domain_not_allowed",
  NO_EMAIL: "sso_no_email",
} as const;

const MESSAGES: Record<string, string> = {
  [SSO_REFUSALS.EMAIL_NOT_VERIFIED]: "Your identity provider has not verified your email address, so the studio cannot sign you in with it. Verify it there, or ask an admin.",
  [SSO_REFUSALS.DOMAIN_NOT_ALLOWED]: "Your email address is not in a domain this studio accepts for single sign-on. Ask an admin of the studio for an account.",
  [SSO_REFUSALS.NO_EMAIL]: "Your identity provider did not tell the studio your email address, so it cannot sign you in.",
  // Better Auth's and the provider's (RFC 6749 4.1.2.1) codes
  email_not_found: "Your identity provider did not tell the studio your email address, so it cannot sign you in.",
  email_not_verified: "Your identity provider has not verified your email address, so the studio cannot sign you in with it.",
  account_not_linked: "An account with your email address exists, but it cannot be joined to your single sign-on identity. Ask an admin.",
  unable_to_link_account: "An account with your email address exists, but it cannot be joined to your single sign-on identity. Ask an admin.",
  account_already_linked_to_different_user: "This single sign-on identity already belongs to another account of the studio.",
  signup_disabled: "Single sign-on may not make new accounts on this studio. Ask an admin for one.",
  access_denied: "Single sign-on was cancelled at your identity provider.",
  state_not_found: "The single sign-on took too long or was started elsewhere. Try again.",
  state_mismatch: "The single sign-on took too long or was started elsewhere. Try again.",
  state_invalid: "The single sign-on took too long or was started elsewhere. Try again.",
};

/** The sentence the sign-in page shows for `?error=<code>`; null when there is no error. */
export function ssoErrorMessage(code: string | null | undefined): string | null {
  if (!code) return null;
  const known = MESSAGES[code];
  if (known) return known;
  // an unknown code is named (sanitised: it came in a link) so an admin can look it up in the log
  const shown = code.replace(/[^A-Za-z0-9_.-]/g, "").slice(0, 60);
  return `Single sign-on did not work${shown ? ` (${shown})` : ""}. Try again; if it keeps failing, ask an admin to look in the studio's log.`;
}
