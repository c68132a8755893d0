import { NextResponse, type NextRequest } from "next/server";
import { pageGate } from "@/lib/server/auth/page-gate";

// Every page needs a signed-in user (lib/server/auth/page-gate.ts says why this is done here and
// not in a layout). API routes, Next's own files and the favicon are not pages: the matcher skips them.

export async function proxy(request: NextRequest): Promise<NextResponse> {
  const decision = await pageGate(request);
  if ("refuse" in decision) return new NextResponse(decision.refuse, { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
  if ("redirectTo" in decision) return NextResponse.redirect(new URL(decision.redirectTo, request.url));
  return NextResponse.next({ request: { headers: decision.headers } });
}

export const config = {
  matcher: ["/((?!api/|_next/static|_next/image|favicon.svg|robots.txt).*)"],
};
