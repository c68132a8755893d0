import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { isRole, type SessionUser } from "@/lib/auth/roles";
import { authSecret } from "./secret";

// The signed-in user as proxy.ts found them, handed to the page it lets through in a request
// header, so the page does not read the same session from Postgres a second time. The proxy
// always replaces the header, and it is sealed (HMAC under the session secret, valid for a minute):
// a header a client sends itself, on a path the proxy does not see or with a forged value, is
// never taken for a session.

export const USER_HEADER = "x-cai-user";
const VALID_MS = 60_000;

function mac(payload: string): Buffer {
  return createHmac("sha256", authSecret()).update(`cai-studio page user\n${payload}`).digest();
}

export function sealUser(user: SessionUser, now = Date.now()): string {
  const payload = Buffer.from(JSON.stringify({ ...user, at: now })).toString("base64url");
  return `${payload}.${mac(payload).toString("base64url")}`;
}

/** The user in a sealed header value, or null when it is missing, forged, damaged or stale. */
export function openUser(sealed: string | null, now = Date.now()): SessionUser | null {
  const [payload, signature, extra] = (sealed ?? "").split(".");
  if (!payload || !signature || extra !== undefined) return null;
  const expected = mac(payload);
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const { id, email, name, role, at } = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as SessionUser & { at: number };
    if (typeof at !== "number" || now - at > VALID_MS || at - now > VALID_MS || !isRole(role)) return null;
    return { id, email, name, role };
  } catch {
    return null;
  }
}
