import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken, revokeApiToken } from "@/lib/server/auth/api-tokens";
import { prisma } from "@/lib/server/db";
import { pgPool } from "@/lib/server/pg";
import { requestWithSession, sessionFor, type TestSession } from "./sessions";

// Every API route, found on disk (so a route added tomorrow is checked too), called with real
// requests: signed out it answers 401; every state-changing method refuses a viewer (403) and a
// request from another site even with an admin's session (403); every read answers a viewer.
// Only Better Auth's own routes, the first-run setup and the API document may be used signed out. API tokens get the
// same walk: a revoked one answers 401 everywhere, a viewer's is refused every change with 403,
// and a reviewer's needs no Origin header (the CSRF rule is for cookie sessions).

const ROOT = path.resolve(import.meta.dirname, "../..");
const API = path.join(ROOT, "app/api");
const BASE = "http://studio.test";
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const SIGNED_OUT_ROUTES = [/^\/api\/auth\//, /^\/api\/setup$/, /^\/api\/openapi\.json$/];
/** Your own API tokens: anyone signed in makes and revokes theirs, but never with a token. */
const OWN_TOKEN_ROUTES = [/^\/api\/tokens(\/|$)/];
/** Settings (endpoints, webhooks), constitution editing and people: admins only, so reviewers are refused too. */
const ADMIN_ROUTES = [/^\/api\/endpoints(\/|$)/, /^\/api\/webhooks(\/|$)/, /^\/api\/constitutions(\/|$)/, /^\/api\/users(\/|$)/];
/** Webhooks' URLs may hold a receiver's token, and their log what receivers answered: admins only, reading too. */
const ADMIN_READ_ROUTES = [/^\/api\/webhooks(\/|$)/];
/** Adjudication shows every reviewer's answers and notes, which a blind reviewer must not read: adjudicators and admins only. */
const ADJUDICATOR_ROUTES = [/^\/api\/review\/queues\/\[id\]\/adjudication(\/|$)/];

type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
interface RouteMethod {
  route: string;
  method: (typeof METHODS)[number];
  handler: Handler;
  params: Record<string, string | string[]>;
}

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return /^route\.(ts|tsx|js)$/.test(entry.name) ? [full] : [];
  });
}

/** "/api/runs/[id]/pause" for app/api/runs/[id]/pause/route.ts, with a value for each [segment]. */
function routeOf(file: string): { route: string; url: string; params: Record<string, string | string[]> } {
  const segments = path.relative(path.join(ROOT, "app"), path.dirname(file)).split(path.sep);
  const params: Record<string, string | string[]> = {};
  const concrete = segments.map((segment) => {
    const catchAll = /^\[\.\.\.(\w+)\]$/.exec(segment);
    if (catchAll) return (params[catchAll[1]!] = ["get-session"]).join("/");
    const dynamic = /^\[(\w+)\]$/.exec(segment);
    // an id that parses but names nothing: a route that ran would answer 404, never 401 or 403
    if (dynamic) return (params[dynamic[1]!] = "2000000000");
    return segment;
  });
  return { route: `/${segments.join("/")}`, url: `${BASE}/${concrete.join("/")}`, params };
}

const routes: (RouteMethod & { url: string })[] = [];
let viewer: TestSession;
let reviewer: TestSession;
let admin: TestSession;
const tokens = { viewer: "", reviewer: "", revoked: "" };

beforeAll(async () => {
  for (const file of routeFiles(API)) {
    const { route, url, params } = routeOf(file);
    const handlers = (await import(file)) as Record<string, unknown>;
    for (const method of METHODS) {
      if (typeof handlers[method] === "function") routes.push({ route, url, method, handler: handlers[method] as Handler, params });
    }
  }
  [viewer, reviewer, admin] = await Promise.all([sessionFor("VIEWER"), sessionFor("REVIEWER"), sessionFor("ADMIN")]);
  const token = (user: TestSession["user"], role: "VIEWER" | "REVIEWER") => createApiToken({ name: `walk ${role}`, role, expiresInDays: 7 }, user);
  // an admin's token with the viewer role: the token's role, not its owner's, decides
  const [viewerToken, reviewerToken, revoked] = await Promise.all([token(admin.user, "VIEWER"), token(reviewer.user, "REVIEWER"), token(admin.user, "REVIEWER")]);
  await revokeApiToken(revoked.token.id, admin.user);
  Object.assign(tokens, { viewer: viewerToken.secret, reviewer: reviewerToken.secret, revoked: revoked.secret });
});
afterAll(async () => {
  await prisma.$disconnect();
  await pgPool().end();
});

const body = (method: string) => (MUTATING.has(method) ? { body: "{}", headers: { "content-type": "application/json" } } : {});
const withToken = (entry: RouteMethod & { url: string }, secret: string) =>
  new Request(entry.url, { method: entry.method, ...body(entry.method), headers: { ...body(entry.method).headers, authorization: `Bearer ${secret}` } });
const call = (entry: RouteMethod, request: Request) => entry.handler(request, { params: Promise.resolve(entry.params) });
const guarded = (entry: RouteMethod) => !SIGNED_OUT_ROUTES.some((pattern) => pattern.test(entry.route));

async function statusAndError(response: Response): Promise<{ status: number; error?: string }> {
  const text = await response.text();
  try {
    return { status: response.status, error: (JSON.parse(text) as { error?: string }).error };
  } catch {
    return { status: response.status };
  }
}

describe("every API route checks who is asking", () => {
  it("finds the routes on disk, with their methods", () => {
    const names = routes.map((entry) => `${entry.method} ${entry.route}`);
    expect(names).toContain("GET /api/prompts");
    expect(names).toContain("POST /api/runs/[id]/pause");
    expect(names).toContain("POST /api/users");
    expect(routes.filter(guarded).length).toBeGreaterThan(30);
  });

  it("answers 401 to a request without a session", async () => {
    const wrong: string[] = [];
    for (const entry of routes.filter(guarded)) {
      // from the studio's own origin, so only the missing session can be the reason
      const request = new Request(entry.url, { method: entry.method, ...body(entry.method), headers: { ...body(entry.method).headers, origin: BASE } });
      const answer = await statusAndError(await call(entry, request));
      if (answer.status !== 401 || answer.error !== "sign in first") wrong.push(`${entry.method} ${entry.route}: ${answer.status} ${answer.error ?? ""}`);
    }
    expect(wrong).toEqual([]);
  });

  it("refuses every state-changing request from a viewer with 403", async () => {
    const wrong: string[] = [];
    for (const entry of routes.filter((r) => guarded(r) && MUTATING.has(r.method) && !OWN_TOKEN_ROUTES.some((pattern) => pattern.test(r.route)))) {
      const answer = await statusAndError(await call(entry, requestWithSession(viewer.cookie, entry.url, { method: entry.method, ...body(entry.method) })));
      if (answer.status !== 403 || !/^this needs the (reviewer|adjudicator|admin) role \(you are a viewer\)$/.test(answer.error ?? "")) {
        wrong.push(`${entry.method} ${entry.route}: ${answer.status} ${answer.error ?? ""}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("keeps settings, constitution editing and people for admins: a reviewer gets 403", async () => {
    const adminOnly = routes.filter((r) => MUTATING.has(r.method) && ADMIN_ROUTES.some((pattern) => pattern.test(r.route)));
    expect(adminOnly.length).toBeGreaterThanOrEqual(9);
    const wrong: string[] = [];
    for (const entry of adminOnly) {
      const answer = await statusAndError(await call(entry, requestWithSession(reviewer.cookie, entry.url, { method: entry.method, ...body(entry.method) })));
      if (answer.status !== 403 || answer.error !== "this needs the admin role (you are a reviewer)") wrong.push(`${entry.method} ${entry.route}: ${answer.status} ${answer.error ?? ""}`);
    }
    expect(wrong).toEqual([]);
  });

  it("refuses a state-changing request from another site, or with no origin at all, even with an admin's session", async () => {
    const wrong: string[] = [];
    for (const entry of routes.filter((r) => guarded(r) && MUTATING.has(r.method))) {
      const crossSite = requestWithSession(admin.cookie, entry.url, { method: entry.method, ...body(entry.method) });
      crossSite.headers.set("origin", "https://attacker.example");
      const noOrigin = new Request(entry.url, {
        method: entry.method,
        ...body(entry.method),
        headers: { ...body(entry.method).headers, cookie: admin.cookie, "sec-fetch-site": "cross-site" },
      });
      for (const request of [crossSite, noOrigin]) {
        const answer = await statusAndError(await call(entry, request));
        if (answer.status !== 403 || answer.error !== "cross-site request refused") wrong.push(`${entry.method} ${entry.route}: ${answer.status} ${answer.error ?? ""}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("lets a viewer read: no GET answers 401 or 403 to a viewer's session", async () => {
    const wrong: string[] = [];
    const readRestricted = [...ADJUDICATOR_ROUTES, ...ADMIN_READ_ROUTES];
    for (const entry of routes.filter((r) => guarded(r) && r.method === "GET" && !readRestricted.some((pattern) => pattern.test(r.route)))) {
      const answer = await statusAndError(await call(entry, requestWithSession(viewer.cookie, entry.url)));
      if (answer.status === 401 || answer.status === 403) wrong.push(`${entry.method} ${entry.route}: ${answer.status} ${answer.error ?? ""}`);
    }
    expect(wrong).toEqual([]);
  });

  it("keeps webhooks for admins: a reviewer gets 403, reading or writing", async () => {
    const webhooks = routes.filter((r) => ADMIN_READ_ROUTES.some((pattern) => pattern.test(r.route)));
    expect(webhooks.length).toBeGreaterThanOrEqual(6);
    const wrong: string[] = [];
    for (const entry of webhooks) {
      const answer = await statusAndError(await call(entry, requestWithSession(reviewer.cookie, entry.url, { method: entry.method, ...body(entry.method) })));
      if (answer.status !== 403 || answer.error !== "this needs the admin role (you are a reviewer)") wrong.push(`${entry.method} ${entry.route}: ${answer.status} ${answer.error ?? ""}`);
    }
    expect(wrong).toEqual([]);
  });

  it("keeps adjudication for adjudicators and admins: a reviewer gets 403, reading or writing", async () => {
    const adjudication = routes.filter((r) => ADJUDICATOR_ROUTES.some((pattern) => pattern.test(r.route)));
    expect(adjudication.length).toBe(3);
    const wrong: string[] = [];
    for (const entry of adjudication) {
      const answer = await statusAndError(await call(entry, requestWithSession(reviewer.cookie, entry.url, { method: entry.method, ...body(entry.method) })));
      if (answer.status !== 403 || answer.error !== "this needs the adjudicator role (you are a reviewer)")
        wrong.push(`${entry.method} ${entry.route}: ${answer.status} ${answer.error ?? ""}`);
    }
    expect(wrong).toEqual([]);
  });

  it("answers 401 with a JSON error to a revoked API token, on every route", async () => {
    const wrong: string[] = [];
    for (const entry of routes.filter(guarded)) {
      const answer = await statusAndError(await call(entry, withToken(entry, tokens.revoked)));
      if (answer.status !== 401 || answer.error !== "this API token was revoked") wrong.push(`${entry.method} ${entry.route}: ${answer.status} ${answer.error ?? ""}`);
    }
    expect(wrong).toEqual([]);
  });

  it("refuses every state-changing request made with a viewer token with 403, and lets it read", async () => {
    const wrong: string[] = [];
    for (const entry of routes.filter(guarded)) {
      const answer = await statusAndError(await call(entry, withToken(entry, tokens.viewer)));
      const refusedAsViewer =
        answer.status === 403 &&
        (OWN_TOKEN_ROUTES.some((pattern) => pattern.test(entry.route))
          ? answer.error === "API tokens are made and revoked in Settings, signed in, not with another token"
          : /^this needs the (reviewer|adjudicator|admin) role \(you are a viewer\)$/.test(answer.error ?? ""));
      if (
        MUTATING.has(entry.method) ? !refusedAsViewer : answer.status === 401 || (answer.status === 403 && ![...ADJUDICATOR_ROUTES, ...ADMIN_READ_ROUTES].some((p) => p.test(entry.route)))
      ) {
        wrong.push(`${entry.method} ${entry.route}: ${answer.status} ${answer.error ?? ""}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("takes a reviewer token's changes without an Origin header: no route answers it 401, or 403 as cross-site", async () => {
    const wrong: string[] = [];
    for (const entry of routes.filter((r) => guarded(r) && MUTATING.has(r.method))) {
      const answer = await statusAndError(await call(entry, withToken(entry, tokens.reviewer)));
      if (answer.status === 401 || answer.error === "cross-site request refused") wrong.push(`${entry.method} ${entry.route}: ${answer.status} ${answer.error ?? ""}`);
    }
    expect(wrong).toEqual([]);
  });

  it("lets the signed-out routes refuse another site too", async () => {
    const setup = routes.find((entry) => entry.route === "/api/setup" && entry.method === "POST")!;
    const request = new Request(setup.url, { method: "POST", body: "{}", headers: { "content-type": "application/json", origin: "https://attacker.example" } });
    expect(await statusAndError(await call(setup, request))).toEqual({ status: 403, error: "cross-site request refused" });
  });
});
