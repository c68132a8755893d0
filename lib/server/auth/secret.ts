import "server-only";

// The key that signs session cookies. `npm start` sets BETTER_AUTH_SECRET for its children (from
// the environment, or a random one kept in the data directory: scripts/studio/auth-secret.ts);
// tests and the e2e server set it themselves. Without it there is no safe default, so say how.

export function authSecret(): string {
  const secret = process.env.BETTER_AUTH_SECRET;
  if (!secret) {
    throw new Error(
      "BETTER_AUTH_SECRET is not set. Start the studio with `npm start` (it keeps a random secret in " +
        ".data/auth-secret) or set BETTER_AUTH_SECRET to at least 32 random characters (openssl rand -base64 32).",
    );
  }
  return secret;
}
