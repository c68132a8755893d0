import "server-only";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { ROLES } from "@/lib/auth/roles";
import { CLIENT_ADDRESS_HEADER } from "../client-address";
import { prisma } from "../db";
import { env } from "../env";
import { afterAuthRoute, beforeAuthRoute } from "./hooks";
import { publicUrl, secureCookies, trustedOrigins } from "./origins";
import { authSecret } from "./secret";

// The Better Auth instance: email and password only, sessions in Postgres (the Session table),
// sign-in attempts counted in the RateLimit table so every web process shares the count, per client
// address as the studio's web server found it (never a forwarded header the client wrote itself:
// lib/server/client-address.ts), and per account (hooks.ts). Nobody
// signs up: accounts come from an admin (lib/server/auth/users.ts) or the first-run setup.
// Made on first use, not on import: `next build` loads the route modules with no secret and no
// database.

const SIGN_IN_WINDOW_SECONDS = 60;

/** Sign-in attempts per IP a minute: 5 unless CAI_SIGN_IN_LIMIT says otherwise (the e2e suite signs in often). */
function signInLimit(): number {
  return env.CAI_SIGN_IN_LIMIT;
}

/** A new instance from the current environment; the studio uses getAuth(), tests make their own. */
export function createAuth() {
  return betterAuth({
    appName: "CAI Studio",
    baseURL: publicUrl(),
    basePath: "/api/auth",
    secret: authSecret(),
    database: prismaAdapter(prisma, { provider: "postgresql" }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 8, maxPasswordLength: 128 },
    user: {
      // input: false keeps the role out of every body Better Auth accepts (update-user included)
      additionalFields: { role: { type: [...ROLES], required: false, defaultValue: "VIEWER", input: false } },
    },
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    rateLimit: {
      // on in every environment (Better Auth's default is production only), shared through Postgres
      enabled: true,
      storage: "database",
      window: 60,
      max: 100,
      customRules: { "/sign-in/email": { window: SIGN_IN_WINDOW_SECONDS, max: signInLimit() } },
    },
    trustedOrigins: trustedOrigins(),
    hooks: { before: beforeAuthRoute, after: afterAuthRoute },
    advanced: {
      cookiePrefix: "cai-studio",
      useSecureCookies: secureCookies(),
      // set by scripts/studio/web-server.ts from the socket; X-Forwarded-For is not read here at all
      ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] },
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
    },
    telemetry: { enabled: false },
  });
}

export type Auth = ReturnType<typeof createAuth>;
const globalForAuth = globalThis as unknown as { caiAuth?: Auth };

export function getAuth(): Auth {
  globalForAuth.caiAuth ??= createAuth();
  return globalForAuth.caiAuth;
}
