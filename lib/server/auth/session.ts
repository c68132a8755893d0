import "server-only";
import { headers as requestHeaders } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { isRole, roleAtLeast, roleName, type Role, type SessionUser } from "@/lib/auth/roles";
import { ForbiddenError, UnauthorizedError } from "../errors";
import { bearerSecret, routeOfRequest, userForToken } from "./api-tokens";
import { getAuth } from "./auth";
import { openUser, USER_HEADER } from "./sealed-user";

// Who is asking. Route handlers call requireUser (through respond in lib/server/http.ts), pages
// call requirePageUser; the session is read from Postgres on every request (once per page: by
// proxy.ts, which hands the user on), so a role change or a sign-out takes effect at once.

export type { Role, SessionUser } from "@/lib/auth/roles";
export { roleAtLeast } from "@/lib/auth/roles";

/** The header proxy.ts sets to the path being rendered, so a page can send people back to it. */
export const PATH_HEADER = "x-cai-path";

export async function currentUser(headers: Headers): Promise<SessionUser | null> {
  const session = await getAuth().api.getSession({ headers });
  if (!session) return null;
  const { id, email, name, role } = session.user;
  return { id, email, name, role: isRole(role) ? role : "VIEWER" };
}

export function roleRefusal(user: SessionUser, minRole: Role): string {
  return `this needs the ${roleName(minRole)} role (you are ${article(user.role)} ${roleName(user.role)})`;
}

/** Who a request acts as: a signed-in person, or (with `tokenId`) the owner of the API token it carries. */
export type Caller = SessionUser & { tokenId?: number };

/**
 * The caller if their role is at least `minRole`; else 401 or 403 through respond(). A request
 * with an Authorization header is judged by its API token alone (api-tokens.ts), never its cookies.
 */
export async function requireUser(request: Request, minRole: Role): Promise<Caller> {
  const secret = bearerSecret(request);
  const user = secret === null ? await currentUser(request.headers) : await userForToken(secret, routeOfRequest(request));
  if (!user) throw new UnauthorizedError("sign in first");
  if (!roleAtLeast(user.role, minRole)) throw new ForbiddenError(roleRefusal(user, minRole));
  return user;
}

/**
 * For server components: who is signed in, read once per request however many components ask:
 * as proxy.ts found them (sealed-user.ts), else from the session.
 */
export const signedInUser = cache(async (): Promise<SessionUser | null> => {
  const headers = await requestHeaders();
  return openUser(headers.get(USER_HEADER)) ?? currentUser(headers);
});

/**
 * For server components: the signed-in user, or a redirect to the sign-in page (and back here
 * after), or to a page that says which role this needs.
 */
export async function requirePageUser(minRole: Role = "VIEWER"): Promise<SessionUser> {
  const user = await signedInUser();
  const here = (await requestHeaders()).get(PATH_HEADER) ?? "/";
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(here)}`);
  if (!roleAtLeast(user.role, minRole)) redirect(`/needs-role?role=${minRole}&from=${encodeURIComponent(here)}`);
  return user;
}

function article(role: Role): string {
  return role === "ADMIN" ? "an" : "a";
}
