import { afterAll, describe, expect, it } from "vitest";
import { pageGate } from "@/lib/server/auth/page-gate";
import { openUser, sealUser, USER_HEADER } from "@/lib/server/auth/sealed-user";
import { PATH_HEADER } from "@/lib/server/auth/session";
import { prisma } from "@/lib/server/db";
import { pgPool } from "@/lib/server/pg";
import { sessionFor } from "./sessions";

// The gate in front of every page (proxy.ts): signed out, a page sends you to sign in and back;
// signed in, the page gets who you are, sealed, so it need not read the session again; a header a
// client makes up is never taken for a session.

afterAll(async () => {
  await prisma.$disconnect();
  await pgPool().end();
});

const page = (path: string, headers: Record<string, string> = {}) => new Request(`http://localhost:3000${path}`, { headers });

describe("the page gate", () => {
  it("sends someone signed out to sign in, and back to the page afterwards", async () => {
    expect(await pageGate(page("/prompts?q=knife"))).toEqual({ redirectTo: "/sign-in?next=%2Fprompts%3Fq%3Dknife" });
  });

  it("lets a signed-in person through with who they are sealed for the page", async () => {
    const { user, cookie } = await sessionFor("REVIEWER");
    const decision = await pageGate(page("/runs", { cookie }));
    if (!("headers" in decision)) throw new Error("expected the page to be let through");
    expect(decision.headers.get(PATH_HEADER)).toBe("/runs");
    expect(openUser(decision.headers.get(USER_HEADER))).toEqual({ id: user.id, email: user.email, name: user.name, role: "REVIEWER" });
  });

  it("drops a user header the client sent, on sign-in pages too", async () => {
    const forged = sealUser({ id: "x", email: "x@x", name: "x", role: "ADMIN" });
    const decision = await pageGate(page("/sign-in", { [USER_HEADER]: forged }));
    if (!("headers" in decision)) throw new Error("expected the sign-in page to be let through");
    expect(decision.headers.get(USER_HEADER)).toBeNull();
    expect(await pageGate(page("/settings", { [USER_HEADER]: forged }))).toEqual({ redirectTo: "/sign-in?next=%2Fsettings" });
  });
});

describe("a sealed user", () => {
  const rita = { id: "u1", email: "rita@lab.test", name: "Rita", role: "REVIEWER" as const };

  it("opens to the same user within a minute", () => {
    expect(openUser(sealUser(rita, 1_000_000), 1_030_000)).toEqual(rita);
  });

  it("is refused when stale, tampered with, or not sealed by this studio", () => {
    expect(openUser(sealUser(rita, 1_000_000), 1_061_000)).toBeNull();
    const [payload, signature] = sealUser(rita).split(".");
    const promoted = Buffer.from(JSON.stringify({ ...rita, role: "ADMIN", at: Date.now() })).toString("base64url");
    expect(openUser(`${promoted}.${signature}`)).toBeNull();
    expect(openUser(`${payload}.${signature.slice(0, -2)}`)).toBeNull();
    expect(openUser(payload)).toBeNull();
    expect(openUser(null)).toBeNull();
  });
});

describe("the page gate and NUL bytes", () => {
  it("refuses a page address with a NUL byte in its query, naming the parameter, before any page reads it", async () => {
    const { cookie } = await sessionFor("VIEWER");
    expect(await pageGate(page("/audit?actor=a%00b", { cookie }))).toEqual({ refuse: 'The address has a NUL byte (%00) in its query parameter "actor".' });
    expect(await pageGate(page("/prompts?q=fine", { cookie }))).toHaveProperty("headers");
  });
});
