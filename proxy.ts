import { NextResponse, type NextRequest } from "next/server";
import { CSP_HEADER, newNonce, pageContentSecurityPolicy } from "@/lib/server/content-security";
import { pageGate } from "@/lib/server/auth/page-gate";

// Every page needs a signed-in user (lib/server/auth/page-gate.ts says why this is done here and
// not in a layout), and every page answer carries the studio's Content-Security-Policy with a
// fresh nonce (lib/server/content-security.ts): Next reads the nonce from the request's header and
// puts it on its own scripts. API routes, Next's own files and the favicon are not pages: the
// matcher skips them (next.config.mjs gives them their headers).

export async function proxy(request: NextRequest): Promise<NextResponse> {
  const csp = pageContentSecurityPolicy(newNonce());
  const decision = await pageGate(request);
  let response: NextResponse;
  if ("refuse" in decision) response = new NextResponse(decision.refuse, { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
  else if ("redirectTo" in decision) response = NextResponse.redirect(new URL(decision.redirectTo, request.url));
  else {
    decision.headers.set(CSP_HEADER, csp);
    response = NextResponse.next({ request: { headers: decision.headers } });
  }
  response.headers.set(CSP_HEADER, csp);
  return response;
}

export const config = {
  matcher: ["/((?!api/|_next/static|_next/image|favicon.svg|robots.txt).*)"],
};
