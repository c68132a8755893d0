import { randomInt, randomUUID } from "node:crypto";
import { beforeAll } from "vitest";
import type { Role, SessionUser } from "@/lib/auth/roles";
import { insertUserWithPassword } from "@/lib/server/auth/accounts";
import { getAuth } from "@/lib/server/auth/auth";
import { inTransaction } from "@/lib/server/pg";

// Real sessions for tests: a user made in the test database, signed in through Better Auth's own
// handler (as the browser does), the session cookie taken from its Set-Cookie. Each sign-in comes
// from its own made-up client address, so tests running at once never share a rate-limit bucket.

export const TEST_PASSWORD = "correct horse battery staple";

export interface TestUser extends SessionUser {
  password: string;
}

export interface TestSession {
  user: TestUser;
  /** "name=value" of the session cookie, ready for a Cookie header */
  cookie: string;
}

export async function makeUser(role: Role, fields: { email?: string; name?: string; password?: string } = {}): Promise<TestUser> {
  const password = fields.password ?? TEST_PASSWORD;
  const email = fields.email ?? `${role.toLowerCase()}-${randomUUID().slice(0, 8)}@studio.test`;
  const user = await inTransaction((db) => insertUserWithPassword(db, { email, name: fields.name ?? `Test ${role.toLowerCase()}`, role, password }));
  return { ...user, password };
}

/** A made-up client address (as the web server would set it): the rate limiter counts attempts per address. */
export function someClientAddress(): string {
  return `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
}

export function signInRequest(email: string, password: string, clientAddress = someClientAddress()): Request {
  return new Request("http://localhost:3000/api/auth/sign-in/email", {
    method: "POST",
    headers: { "content-type": "application/json", origin: "http://localhost:3000", "x-cai-client-address": clientAddress },
    body: JSON.stringify({ email, password }),
  });
}

export async function signIn(email: string, password: string): Promise<string> {
  const response = await getAuth().handler(signInRequest(email, password));
  if (response.status !== 200) throw new Error(`signing in ${email} answered ${response.status}: ${await response.text()}`);
  const cookie = response.headers.getSetCookie().find((line) => line.includes("session_token="));
  if (!cookie) throw new Error(`signing in ${email} set no session cookie`);
  return cookie.split(";")[0]!;
}

export async function sessionFor(role: Role): Promise<TestSession> {
  const user = await makeUser(role);
  return { user, cookie: await signIn(user.email, user.password) };
}

/** A Request as the studio's own page would send it: the session cookie, and its own Origin. */
export function requestWithSession(cookie: string, input: string | URL, init: RequestInit = {}): Request {
  const headers = new Headers(init.headers);
  headers.set("cookie", cookie);
  headers.set("origin", new URL(input).origin);
  return new Request(input, { ...init, headers });
}

/**
 * For a test file whose requests all come from one signed-in person: call at the top level; the
 * session is made before the first test, and the function returned builds requests like `new Request`.
 */
/**
 * signedInRequests, and `json(method, path, body)` for an API route of http://studio.test: the
 * body as JSON, sent as the studio's own pages send it.
 */
export function signedInJsonRequests(role: Role = "ADMIN") {
  const request = signedInRequests(role);
  const json = (method: string, path: string, body?: unknown) =>
    request(`http://studio.test${path}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { request, json };
}

export function signedInRequests(role: Role = "ADMIN"): (input: string | URL, init?: RequestInit) => Request {
  let cookie: string | undefined;
  beforeAll(async () => {
    cookie = (await sessionFor(role)).cookie;
  });
  return (input, init) => {
    if (!cookie) throw new Error("signedInRequests: the session is made in beforeAll; build requests inside tests");
    return requestWithSession(cookie, input, init);
  };
}
