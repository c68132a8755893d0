import "server-only";
import { sealUser, USER_HEADER } from "./sealed-user";
import { currentUser, PATH_HEADER } from "./session";

// The session check in front of every page (proxy.ts calls it). A layout cannot be the gate:
// Next does not render layouts again on client-side navigation, and a page's RSC payload can be
// fetched without its layout. So every page request, full or RSC, passes here, and nothing of a
// page renders for someone signed out. API routes check for themselves (lib/server/http.ts). The
// user found here goes on to the page, sealed (sealed-user.ts), so it reads the session once.

/** Pages anyone may open: signing in, and the first-run setup (which 404s once someone exists). */
export const PUBLIC_PAGES = ["/sign-in", "/setup"];

export function isPublicPage(pathname: string): boolean {
  return PUBLIC_PAGES.some((page) => pathname === page || pathname.startsWith(`${page}/`));
}

export type PageGateDecision = { redirectTo: string } | { headers: Headers } | { refuse: string };

/**
 * Where to send a page request: on to the page (with the path for requirePageUser), or to sign in;
 * or nowhere, with a 400, for an address whose query has a NUL byte (which no page can look up).
 */
export async function pageGate(request: Request): Promise<PageGateDecision> {
  const url = new URL(request.url);
  const withNul = [...url.searchParams].find(([key, value]) => `${key}${value}`.includes("\u0000"));
  if (withNul) return { refuse: `The address has a NUL byte (%00) in its query parameter "${withNul[0].replaceAll("\u0000", "%00")}".` };
  const here = `${url.pathname}${url.search}`;
  const headers = new Headers(request.headers);
  headers.set(PATH_HEADER, here);
  headers.delete(USER_HEADER);
  if (isPublicPage(url.pathname)) return { headers };
  const user = await currentUser(request.headers);
  if (user) {
    headers.set(USER_HEADER, sealUser(user));
    return { headers };
  }
  return { redirectTo: `/sign-in?next=${encodeURIComponent(here)}` };
}
