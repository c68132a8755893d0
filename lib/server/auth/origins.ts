import "server-only";
import { env } from "../env";

// Where the studio is reached from. CAI_PUBLIC_URL is the address people type (https behind a
// proxy); without it the studio is on this machine at http://localhost:PORT or 127.0.0.1:PORT.
// The same list decides which origins may send mutating requests (CSRF) and make Better Auth's
// cookies Secure.

export function publicUrl(): string {
  const configured = env.CAI_PUBLIC_URL;
  if (configured) return new URL(configured).origin;
  return `http://localhost:${env.PORT}`;
}

export function trustedOrigins(): string[] {
  const port = env.PORT;
  return [...new Set([publicUrl(), `http://localhost:${port}`, `http://127.0.0.1:${port}`])];
}

/** Cookies get the Secure flag (and the __Secure- prefix) when people reach the studio over https. */
export function secureCookies(): boolean {
  return publicUrl().startsWith("https://");
}

/**
 * Whether a state-changing request comes from the studio's own pages. Browsers send Origin on every
 * non-GET fetch and form post; Sec-Fetch-Site is the fallback for the rare one that omits it. A
 * request with neither (curl, a script) is refused too: mutations are for the studio's pages, and
 * scripts have the CLI.
 */
export function isSameOriginRequest(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (origin && origin !== "null") return origin === new URL(request.url).origin || trustedOrigins().includes(origin);
  return request.headers.get("sec-fetch-site") === "same-origin";
}
