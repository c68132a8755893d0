import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listRunsRoute } from "@/app/api/runs/route";
import { POST as tokensRoute } from "@/app/api/tokens/route";
import { changeRole } from "@/lib/server/auth/users";
import { createApiToken, listApiTokens, revokeApiToken } from "@/lib/server/auth/api-tokens";
import { db, prisma } from "@/lib/server/db";
import { sha256 } from "@/lib/server/hashing";
import { pgPool } from "@/lib/server/pg";
import { makeUser, requestWithSession, sessionFor, type TestUser } from "./sessions";

// Personal API tokens as a script meets them: the secret works as `Authorization: Bearer`, with
// the lower of its own role and its owner's; it is stored only as a hash; every use is counted per
// route; making and revoking are audited; a bad, expired or revoked token is a 401 with a JSON error.

const BASE = "http://studio.test";
let owner: TestUser;
let admin: TestUser;

beforeAll(async () => {
  [owner, admin] = await Promise.all([makeUser("REVIEWER"), makeUser("ADMIN")]);
});
afterAll(async () => {
  await prisma.$disconnect();
  await pgPool().end();
});

const bearer = (secret: string, path = "/api/runs") => new Request(`${BASE}${path}`, { headers: { authorization: `Bearer ${secret}` } });
const json = async (response: Response) => ({ status: response.status, body: (await response.json()) as Record<string, unknown> });

describe("API tokens", () => {
  it("makes a token whose secret is shown once and stored only as its hash", async () => {
    const { token, secret } = await createApiToken({ name: "notebook", role: "VIEWER", expiresInDays: 30 }, owner);
    expect(secret).toMatch(/^cai_[A-Za-z0-9_-]{43}$/);
    expect(secret.startsWith(token.prefix)).toBe(true);
    expect(token).toMatchObject({ name: "notebook", role: "VIEWER", owner: { id: owner.id }, lastUsedAt: null, revokedAt: null, uses: [] });
    expect(token.expiresAt.getTime() - token.createdAt.getTime()).toBeGreaterThan(29.9 * 24 * 3600_000);
    const stored = await db.selectFrom("ApiToken").selectAll().where("id", "=", token.id).executeTakeFirstOrThrow();
    expect(stored.secretHash).toBe(sha256(secret));
    expect(JSON.stringify(stored)).not.toContain(secret.slice(4));
    const audit = await db.selectFrom("AuditLog").selectAll().where("entityType", "=", "api_token").where("entityId", "=", String(token.id)).execute();
    expect(audit.map((entry) => entry.action)).toEqual(["api_token.create"]);
    expect(JSON.stringify(audit)).not.toContain(secret.slice(4));
  });

  it("answers a request with the token as its owner, and counts the use by route", async () => {
    const { token, secret } = await createApiToken({ name: "poller", role: "VIEWER", expiresInDays: 7 }, owner);
    expect((await listRunsRoute(bearer(secret))).status).toBe(200);
    expect((await listRunsRoute(bearer(secret, "/api/runs?before=5"))).status).toBe(200);
    const [seen] = (await listApiTokens(owner)).filter((t) => t.id === token.id);
    expect(seen!.lastUsedAt).not.toBeNull();
    expect(seen!.uses.map(({ route, count }) => ({ route, count }))).toEqual([{ route: "GET /api/runs", count: 2 }]);
  });

  it("refuses a role above the owner's, and acts with the owner's role after a demotion", async () => {
    await expect(createApiToken({ name: "too high", role: "ADMIN", expiresInDays: 7 }, owner)).rejects.toMatchObject({
      status: 400,
      fields: [{ path: "role", message: "must be no higher than your own role (reviewer)" }],
    });
    const person = await makeUser("ADMIN");
    const { secret } = await createApiToken({ name: "admin script", role: "ADMIN", expiresInDays: 7 }, person);
    await changeRole(person.id, "VIEWER", admin);
    const refused = await json(await tokensRoute(new Request(`${BASE}/api/tokens`, { method: "POST", headers: { authorization: `Bearer ${secret}` }, body: "{}" })));
    expect(refused.status).toBe(403);
    const { POST: makeEndpoint } = await import("@/app/api/endpoints/route");
    const asDemoted = await json(await makeEndpoint(new Request(`${BASE}/api/endpoints`, { method: "POST", headers: { authorization: `Bearer ${secret}` }, body: "{}" })));
    expect(asDemoted).toEqual({ status: 403, body: { error: "this needs the admin role (you are a viewer)", fields: [] } });
  });

  it("answers 401 with a JSON error to an unknown, expired, revoked or malformed token", async () => {
    const { token, secret } = await createApiToken({ name: "short-lived", role: "VIEWER", expiresInDays: 1 }, owner);
    await db
      .updateTable("ApiToken")
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where("id", "=", token.id)
      .execute();
    const revoked = await createApiToken({ name: "leaked", role: "VIEWER", expiresInDays: 1 }, owner);
    expect((await revokeApiToken(revoked.token.id, owner)).revokedAt).not.toBeNull();
    const cases: [Request, string][] = [
      [bearer("cai_not-a-token-the-studio-made"), "this API token is not known to the studio"],
      [bearer(secret), "this API token has expired"],
      [bearer(revoked.secret), "this API token was revoked"],
      [new Request(`${BASE}/api/runs`, { headers: { authorization: "Basic dXNlcjpwYXNz" } }), 'the Authorization header must be "Bearer <API token>"'],
    ];
    for (const [request, error] of cases) expect(await json(await listRunsRoute(request))).toEqual({ status: 401, body: { error, fields: [] } });
  });

  it("judges a request with a token by the token alone, not by the cookies it also carries", async () => {
    const session = await sessionFor("ADMIN");
    const request = requestWithSession(session.cookie, `${BASE}/api/runs`);
    request.headers.set("authorization", "Bearer cai_unknown");
    expect((await listRunsRoute(request)).status).toBe(401);
  });

  it("lets only the owner or an admin revoke a token, once, and audits it", async () => {
    const { token } = await createApiToken({ name: "to revoke", role: "VIEWER", expiresInDays: 7 }, owner);
    const stranger = await makeUser("REVIEWER");
    await expect(revokeApiToken(token.id, stranger)).rejects.toMatchObject({ status: 404 });
    expect((await revokeApiToken(token.id, admin)).revokedAt).not.toBeNull();
    await revokeApiToken(token.id, owner);
    const audit = await db.selectFrom("AuditLog").select(["action", "userId"]).where("entityType", "=", "api_token").where("entityId", "=", String(token.id)).orderBy("id").execute();
    expect(audit).toEqual([
      { action: "api_token.create", userId: owner.id },
      { action: "api_token.revoke", userId: admin.id },
    ]);
    expect((await listApiTokens(stranger)).map((t) => t.id)).not.toContain(token.id);
    expect((await listApiTokens(admin)).map((t) => t.id)).toContain(token.id);
  });
});
