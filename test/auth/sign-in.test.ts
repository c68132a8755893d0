import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { createAuth, getAuth } from "@/lib/server/auth/auth";
import { prisma } from "@/lib/server/db";
import { pgPool } from "@/lib/server/pg";
import { makeUser, signInRequest, someClientAddress } from "./sessions";

afterAll(async () => {
  await prisma.$disconnect();
  await pgPool().end();
});
afterEach(() => vi.unstubAllEnvs());

describe("signing in", () => {
  it("refuses the 6th attempt in a minute from one address with 429, and counts each address apart", async () => {
    const user = await makeUser("VIEWER");
    const address = someClientAddress();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      statuses.push((await getAuth().handler(signInRequest(user.email, "not the password", address))).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    // even the right password waits out the minute from that address...
    const refused = await getAuth().handler(signInRequest(user.email, user.password, address));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("x-retry-after"))).toBeGreaterThan(0);
    // ...the count lives in Postgres, where every web process sees it
    expect(await prisma.rateLimit.findFirst({ where: { key: `${address}|/sign-in/email` } })).toMatchObject({ count: 5 });
    // and another address is not held back by it
    expect((await getAuth().handler(signInRequest(user.email, user.password))).status).toBe(200);
  });

  it("stores a salted hash, never the password, and the same password hashes differently each time", async () => {
    const [one, two] = await Promise.all([makeUser("VIEWER"), makeUser("VIEWER")]);
    const accounts = await prisma.account.findMany({ where: { userId: { in: [one.id, two.id] } } });
    expect(accounts).toHaveLength(2);
    for (const account of accounts) {
      expect(account.providerId).toBe("credential");
      expect(account.password).not.toContain(one.password);
      expect(account.password).toMatch(/^[0-9a-f]{32}:[0-9a-f]{128}$/); // scrypt: salt:key
    }
    expect(accounts[0]!.password).not.toBe(accounts[1]!.password);
  });

  it("sets an httpOnly, SameSite=Lax session cookie, not Secure over plain http", async () => {
    const user = await makeUser("VIEWER");
    const response = await getAuth().handler(signInRequest(user.email, user.password));
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith("cai-studio.session_token="));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/; Secure/);
  });

  it("makes the cookie Secure (and __Secure- prefixed) when the studio's public address is https", async () => {
    vi.stubEnv("CAI_PUBLIC_URL", "https://studio.example.org");
    const auth = createAuth();
    const user = await makeUser("VIEWER");
    const request = signInRequest(user.email, user.password);
    request.headers.set("origin", "https://studio.example.org");
    const response = await auth.handler(new Request("https://studio.example.org/api/auth/sign-in/email", { method: "POST", headers: request.headers, body: await request.text() }));
    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie().find((line) => line.includes("session_token="));
    expect(cookie).toMatch(/^__Secure-cai-studio\.session_token=/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; HttpOnly/);
  });

  it("has no public sign-up: accounts come from an admin", async () => {
    const response = await getAuth().handler(
      new Request("http://localhost:3000/api/auth/sign-up/email", {
        method: "POST",
        headers: { "content-type": "application/json", origin: "http://localhost:3000", "x-cai-client-address": someClientAddress() },
        body: JSON.stringify({ email: "walk-in@studio.test", name: "Walk-in", password: "let me in please" }),
      }),
    );
    expect(response.status).toBe(400);
    expect(await prisma.user.findUnique({ where: { email: "walk-in@studio.test" } })).toBeNull();
  });

  it("does not let anyone set their own role through Better Auth", async () => {
    const user = await makeUser("VIEWER");
    const signedIn = await getAuth().handler(signInRequest(user.email, user.password));
    const cookie = signedIn.headers.getSetCookie()[0]!.split(";")[0]!;
    const response = await getAuth().handler(
      new Request("http://localhost:3000/api/auth/update-user", {
        method: "POST",
        headers: { "content-type": "application/json", origin: "http://localhost:3000", cookie },
        body: JSON.stringify({ role: "ADMIN" }),
      }),
    );
    expect(response.status).toBe(400);
    expect(await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ role: "VIEWER" });
  });
});
