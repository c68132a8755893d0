import "server-only";
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { isRole, ROLES, roleAtLeast, roleName, type Role, type SessionUser } from "@/lib/auth/roles";
import type { NewApiToken } from "@/lib/schemas/api-tokens";
import { recordAudit } from "../audit/record";
import { db, dbOn } from "../db";
import { ForbiddenError, NotFoundError, UnauthorizedError, UserError } from "../errors";
import { sha256 } from "../hashing";
import { inTransaction } from "../pg";

// Personal API tokens: a notebook or a pipeline calls the API with `Authorization: Bearer cai_...`
// and acts as the token's owner, with the lower of the token's role and the owner's current one
// (so demoting a person demotes their tokens). The secret is 32 random bytes, shown once; only its
// SHA-256 is stored, which is enough for a secret that cannot be guessed (a password needs a slow
// hash because people choose it). Making and revoking a token are audited; every use is counted
// per route in ApiTokenUse, with the time of the last one.
//
// Tokens are managed from a signed-in browser session only: a leaked token cannot mint others or
// keep itself alive.

const SECRET_PREFIX = "cai_";
/** "cai_" and the first 8 characters of the random part: enough to tell tokens apart, useless to guess with. */
const SHOWN_PREFIX_LENGTH = SECRET_PREFIX.length + 8;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A request that carries a bearer token: its secret, or null when it has none (a cookie session, or nobody). */
export function bearerSecret(request: Request): string | null {
  const header = request.headers.get("authorization");
  if (header === null) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new UnauthorizedError('the Authorization header must be "Bearer <API token>"');
  return match[1]!;
}

/** Who a bearer token acts as on `route` ("POST /api/runs/{id}/pause"); the use is counted. 401 for an unknown, expired or revoked token. */
export async function userForToken(secret: string, route: string): Promise<SessionUser & { tokenId: number }> {
  const found = await db
    .selectFrom("ApiToken as t")
    .innerJoin("User as u", "u.id", "t.userId")
    .select(["t.id", "t.role", "t.expiresAt", "t.revokedAt", "u.id as userId", "u.email", "u.name", "u.role as userRole"])
    .where("t.secretHash", "=", sha256(secret))
    .executeTakeFirst();
  if (!found) throw new UnauthorizedError("this API token is not known to the studio");
  if (found.revokedAt) throw new UnauthorizedError("this API token was revoked");
  if (found.expiresAt.getTime() <= Date.now()) throw new UnauthorizedError("this API token has expired");
  await countUse(found.id, route);
  const ownerRole = isRole(found.userRole) ? found.userRole : "VIEWER";
  const role = roleAtLeast(ownerRole, found.role) ? found.role : ownerRole;
  return { id: found.userId, email: found.email, name: found.name, role, tokenId: found.id };
}

/** The route a request is counted under: its method and path, each numeric segment as {id}. */
export function routeOfRequest(request: Request): string {
  const path = new URL(request.url).pathname.replace(/\/\d+(?=\/|$)/g, "/{id}");
  return `${request.method} ${path}`;
}

async function countUse(tokenId: number, route: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("ApiToken")
      .set({ lastUsedAt: sql`now()` })
      .where("id", "=", tokenId)
      .execute();
    await trx
      .insertInto("ApiTokenUse")
      .values({ tokenId, route, count: 1, lastUsedAt: sql`now()` })
      .onConflict((conflict) => conflict.columns(["tokenId", "route"]).doUpdateSet({ count: sql`"ApiTokenUse".count + 1`, lastUsedAt: sql`now()` }))
      .execute();
  });
}

export interface ApiTokenView {
  id: number;
  name: string;
  role: Role;
  prefix: string;
  owner: { id: string; email: string };
  createdAt: Date;
  expiresAt: Date;
  /** past its expiry when this was read */
  expired: boolean;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  uses: { route: string; count: number; lastUsedAt: Date }[];
}

/** The secret, once, with the token as lists show it. */
export interface CreatedApiToken {
  token: ApiTokenView;
  secret: string;
}

export async function createApiToken(input: NewApiToken, user: SessionUser & { tokenId?: number }): Promise<CreatedApiToken> {
  refuseTokenCaller(user);
  if (!roleAtLeast(user.role, input.role)) throw UserError.about("role", `must be no higher than your own role (${roleName(user.role)})`);
  const secret = `${SECRET_PREFIX}${randomBytes(32).toString("base64url")}`;
  const expiresAt = new Date(Date.now() + input.expiresInDays * DAY_MS);
  const id = await inTransaction(async (client) => {
    const row = await dbOn(client)
      .insertInto("ApiToken")
      .values({ userId: user.id, name: input.name, role: input.role, secretHash: sha256(secret), prefix: secret.slice(0, SHOWN_PREFIX_LENGTH), expiresAt })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(client, {
      userId: user.id,
      action: "api_token.create",
      entityType: "api_token",
      entityId: row.id,
      after: { name: input.name, role: input.role, expiresAt: expiresAt.toISOString() },
    });
    return row.id;
  });
  const [token] = await tokenViews({ ids: [id] });
  return { token: token!, secret };
}

/** Your own tokens, newest first; an admin sees everyone's (to revoke a leaked one). */
export async function listApiTokens(user: SessionUser): Promise<ApiTokenView[]> {
  return tokenViews(user.role === "ADMIN" ? {} : { userId: user.id });
}

/** Revokes a token at once (its owner or an admin); revoking one already revoked changes nothing. */
export async function revokeApiToken(tokenId: number, user: SessionUser & { tokenId?: number }): Promise<ApiTokenView> {
  refuseTokenCaller(user);
  await inTransaction(async (client) => {
    const token = await dbOn(client).selectFrom("ApiToken").select(["id", "userId", "name", "revokedAt"]).where("id", "=", tokenId).forUpdate().executeTakeFirst();
    if (!token || (token.userId !== user.id && user.role !== "ADMIN")) throw new NotFoundError(`there is no API token ${tokenId} of yours`);
    if (token.revokedAt) return;
    await dbOn(client)
      .updateTable("ApiToken")
      .set({ revokedAt: sql`now()`, revokedById: user.id })
      .where("id", "=", tokenId)
      .execute();
    await recordAudit(client, { userId: user.id, action: "api_token.revoke", entityType: "api_token", entityId: tokenId, before: { name: token.name, owner: token.userId } });
  });
  const [token] = await tokenViews({ ids: [tokenId] });
  return token!;
}

/** Token management needs a signed-in session: a request made with a token is refused (403). */
export function refuseTokenCaller(user: { tokenId?: number }): void {
  if (user.tokenId !== undefined) throw new ForbiddenError("API tokens are made and revoked in Settings, signed in, not with another token");
}

async function tokenViews(where: { userId?: string; ids?: number[] }): Promise<ApiTokenView[]> {
  let query = db
    .selectFrom("ApiToken as t")
    .innerJoin("User as u", "u.id", "t.userId")
    .select(["t.id", "t.name", "t.role", "t.prefix", "t.createdAt", "t.expiresAt", "t.lastUsedAt", "t.revokedAt", "u.id as ownerId", "u.email as ownerEmail"])
    .orderBy("t.createdAt", "desc")
    .orderBy("t.id", "desc");
  if (where.userId) query = query.where("t.userId", "=", where.userId);
  if (where.ids) query = query.where("t.id", "in", where.ids);
  const tokens = await query.execute();
  const uses = tokens.length
    ? await db
        .selectFrom("ApiTokenUse")
        .select(["tokenId", "route", "count", "lastUsedAt"])
        .where(
          "tokenId",
          "in",
          tokens.map((t) => t.id),
        )
        .orderBy("count", "desc")
        .orderBy("route")
        .execute()
    : [];
  return tokens.map(({ ownerId, ownerEmail, role, ...token }) => ({
    ...token,
    role: isRole(role) ? role : ROLES[0],
    owner: { id: ownerId, email: ownerEmail },
    expired: token.expiresAt.getTime() <= Date.now(),
    uses: uses.filter((use) => use.tokenId === token.id).map(({ route, count, lastUsedAt }) => ({ route, count, lastUsedAt })),
  }));
}
