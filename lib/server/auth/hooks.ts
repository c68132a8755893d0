import "server-only";
import { APIError, createAuthMiddleware, getSessionFromCtx, isAPIError } from "better-auth/api";
import { isRole } from "@/lib/auth/roles";
import { recordAudit } from "../audit/record";
import { UserError } from "../errors";
import { prisma } from "../db";
import { updateOwnProfile } from "./profile";
import { clearSignInFailures, normaliseEmail, recordSignInFailure, signInWaitSeconds } from "./sign-in-backoff";
import { passwordSignIn } from "./sso-settings";

// What the studio adds to Better Auth's own routes (auth.ts installs these as its hooks):
// - /sign-in/email: the per-account back-off (sign-in-backoff.ts) on top of the per-address limit;
// - /update-user: handled by the studio (profile.ts), so only allowed fields change, audited;
// - /change-password: the change is audited (user.password), as an admin's reset is;
// - /sign-in/email refused over HTTP when CAI_PASSWORD_SIGN_IN=false (the first-run setup still
//   signs its new admin in: it calls Better Auth from the server, with no request);
// - /sign-in/social only as a redirect to the identity provider: an ID token posted by a client
//   (Better Auth's sign-in without the redirect) is refused, so a token that leaked cannot be replayed.

export const beforeAuthRoute = createAuthMiddleware(async (ctx) => {
  if (ctx.path === "/sign-in/email") {
    if (ctx.request && !passwordSignIn()) {
      throw new APIError("FORBIDDEN", { message: "Signing in with a password is turned off on this studio: use single sign-on.", code: "PASSWORD_SIGN_IN_OFF" });
    }
    const email = normaliseEmail((ctx.body as { email?: unknown } | undefined)?.email);
    const wait = email ? await signInWaitSeconds(email) : 0;
    if (wait > 0) {
      throw new APIError(
        "TOO_MANY_REQUESTS",
        { message: `Too many wrong passwords for this account: wait ${wait} seconds and try again.`, code: "ACCOUNT_BACKING_OFF" },
        { "X-Retry-After": String(wait) },
      );
    }
    return;
  }
  if (ctx.path === "/sign-in/social" && (ctx.body as { idToken?: unknown } | undefined)?.idToken !== undefined) {
    throw new APIError("BAD_REQUEST", { message: "Sign in through the identity provider's page.", code: "ID_TOKEN_SIGN_IN_OFF" });
  }
  if (ctx.path === "/update-user") {
    const session = await getSessionFromCtx(ctx);
    if (!session) throw new APIError("UNAUTHORIZED", { message: "sign in first" });
    const { id, email, name, role } = session.user as { id: string; email: string; name: string; role?: unknown };
    try {
      await updateOwnProfile({ id, email, name, role: isRole(role) ? role : "VIEWER" }, ctx.body);
    } catch (error) {
      if (error instanceof UserError) throw new APIError("BAD_REQUEST", { message: error.message });
      throw error;
    }
    // answered here: Better Auth's own handler would write any field its schema lets through
    return { status: true };
  }
});

export const afterAuthRoute = createAuthMiddleware(async (ctx) => {
  const returned = ctx.context.returned;
  if (ctx.path === "/sign-in/email") {
    const email = normaliseEmail((ctx.body as { email?: unknown } | undefined)?.email);
    if (!email) return;
    if (!isAPIError(returned)) await clearSignInFailures(email);
    else if (returned.statusCode === 401) await recordSignInFailure(email);
    return;
  }
  if (ctx.path === "/change-password" && !isAPIError(returned) && ctx.context.session) {
    const userId = ctx.context.session.user.id;
    await recordAudit(prisma, { userId, action: "user.password", entityType: "user", entityId: userId, after: { by: "themselves" } });
  }
});
