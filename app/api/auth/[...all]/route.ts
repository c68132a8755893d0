import { toNextJsHandler } from "better-auth/next-js";
import { getAuth } from "@/lib/server/auth/auth";

// Better Auth's own endpoints: sign-in, sign-out, get-session, and single sign-on's start
// (sign-in/social) and return (callback/oidc). Sign-up is disabled in its options.
// Better Auth checks the Origin of its own POSTs against the same trusted origins as lib/server/http.ts.

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const { GET, POST } = toNextJsHandler((request: Request) => getAuth().handler(request));
