import "server-only";

// The Content-Security-Policy of every page (proxy.ts sets it, with a fresh nonce per request):
// scripts only from the studio itself or carrying the nonce (Next puts it on its own inline
// scripts when it finds it in the request's CSP header), nothing loaded from other sites, and no
// framing by any page (frame-ancestors 'none', with X-Frame-Options: DENY from next.config.mjs for
// older browsers): a page that frames the People page cannot trick an admin into clicking in it.
// Styles allow 'unsafe-inline': React and recharts write style attributes, which cannot carry a
// nonce; styles cannot run code. `next dev` needs 'unsafe-eval' for its fast refresh.

export const CSP_HEADER = "content-security-policy";

export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

export function pageContentSecurityPolicy(nonce: string, dev = process.env.NODE_ENV === "development"): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
