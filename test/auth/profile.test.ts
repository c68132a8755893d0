import { afterAll, describe, expect, it } from "vitest";
import { getAuth } from "@/lib/server/auth/auth";
import { prisma } from "@/lib/server/db";
import { pgPool } from "@/lib/server/pg";
import { makeUser, signIn, type TestUser } from "./sessions";

// What people may change about themselves through Better Auth's own routes (issue 12, finding 9):
// their name, audited before and after; nothing else (picture, email, role, unknown fields). A
// password change of their own is audited too.

afterAll(async () => {
  await prisma.$disconnect();
  await pgPool().end();
});

async function signedIn(): Promise<{ user: TestUser; cookie: string }> {
  const user = await makeUser("VIEWER", { name: "Vera Viewer" });
  return { user, cookie: await signIn(user.email, user.password) };
}

const post = (cookie: string, path: string, body: unknown) =>
  getAuth().handler(
    new Request(`http://localhost:3000/api/auth${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://localhost:3000", cookie },
      body: JSON.stringify(body),
    }),
  );

const auditOf = (userId: string, action: string) => prisma.auditLog.findMany({ where: { entityType: "user", entityId: userId, action } });

describe("changing your own profile", () => {
  it('a viewer renaming themselves (even to "Admin") is on the audit trail, before and after', async () => {
    const { user, cookie } = await signedIn();
    const response = await post(cookie, "/update-user", { name: "  Admin  " });
    expect(response.status).toBe(200);
    expect(await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ name: "Admin", role: "VIEWER" });
    expect(await auditOf(user.id, "user.name")).toEqual([expect.objectContaining({ userId: user.id, before: { name: "Vera Viewer" }, after: { name: "Admin" } })]);
    // the session shows the new name at once
    const session = await getAuth().api.getSession({ headers: new Headers({ cookie }) });
    expect(session?.user.name).toBe("Admin");
  });

  it.each([
    ["a picture", { image: "https://tracker.example/pixel.png" }, /^image: only your name can be changed here/],
    ["a role next to a name", { name: "Fine", role: "ADMIN" }, /^role: only your name can be changed here/],
    ["an email", { email: "someone-else@studio.test" }, /^email: only your name can be changed here/],
    ["a verified flag", { emailVerified: false }, /^emailVerified: only your name/],
    ["an empty name", { name: "   " }, /^name: must not be empty/],
    ["a name with a line break", { name: "Vera\nAdmin" }, /^name: must not contain control characters/],
    ["a name that is not text", { name: 42 }, /^name: must be text/],
  ])("refuses %s with a 400 that names the field, and changes nothing", async (_what, body, message) => {
    const { user, cookie } = await signedIn();
    const before = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    const response = await post(cookie, "/update-user", body);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toMatch(message);
    expect(await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toEqual(before);
    expect(await auditOf(user.id, "user.name")).toEqual([]);
  });

  it("Better Auth's other self-service routes change nothing: no email change, no self-deletion", async () => {
    const { user, cookie } = await signedIn();
    const before = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect((await post(cookie, "/change-email", { newEmail: "elsewhere@studio.test" })).status).toBeGreaterThanOrEqual(400);
    expect((await post(cookie, "/delete-user", { password: user.password })).status).toBeGreaterThanOrEqual(400);
    expect((await post(cookie, "/update-session", { role: "ADMIN" })).status).toBeGreaterThanOrEqual(400);
    expect(await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toEqual(before);
  });

  it("signed out: 401", async () => {
    expect((await post("", "/update-user", { name: "Nobody" })).status).toBe(401);
  });

  it("changing your own password is audited, without the password", async () => {
    const { user, cookie } = await signedIn();
    const response = await post(cookie, "/change-password", { currentPassword: user.password, newPassword: "another long password" });
    expect(response.status).toBe(200);
    const entries = await auditOf(user.id, "user.password");
    expect(entries).toEqual([expect.objectContaining({ userId: user.id })]);
    expect(JSON.stringify(entries)).not.toContain("another long password");
    // a wrong current password changes nothing and records nothing
    expect((await post(cookie, "/change-password", { currentPassword: "wrong one!", newPassword: "yet another password" })).status).toBe(400);
    expect(await auditOf(user.id, "user.password")).toHaveLength(1);
  });
});
