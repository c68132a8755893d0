import "server-only";
import { requiredEnv } from "../env";

// The key that signs session cookies. `npm start` sets BETTER_AUTH_SECRET for its children (from
// the environment, or a random one kept in the data directory: scripts/studio/auth-secret.ts);
// tests and the e2e server set it themselves. Without it there is no safe default, so say how.

export function authSecret(): string {
  return requiredEnv("BETTER_AUTH_SECRET");
}
