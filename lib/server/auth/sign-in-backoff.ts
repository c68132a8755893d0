import "server-only";
import { pgPool } from "../pg";

// The per-account half of the sign-in limit. Better Auth counts attempts per client address (a
// minute's window); that alone lets someone with many addresses guess one person's password
// forever. So wrong passwords are also counted per email typed, from any address: the first
// FREE_FAILURES cost nothing, each one after that makes the account wait, twice as long each
// time up to MAX_WAIT_SECONDS. A right password clears the count, as does an admin's reset. The
// count is kept whether or not the account exists, so the wait tells nobody who has one.

const FREE_FAILURES = 5;
const FIRST_WAIT_SECONDS = 30;
const MAX_WAIT_SECONDS = 15 * 60;
/** failures further apart than this start the count again */
const FORGET_AFTER = "1 hour";

export function normaliseEmail(email: unknown): string | null {
  return typeof email === "string" && email.trim() ? email.trim().toLowerCase() : null;
}

/** Seconds until `email` may try again, or 0. */
export async function signInWaitSeconds(email: string): Promise<number> {
  const { rows } = await pgPool().query<{ wait: number }>(
    `SELECT ceil(extract(epoch FROM "lockedUntil" - now()))::int AS wait FROM "SignInBackoff" WHERE email = $1 AND "lockedUntil" > now()`,
    [email],
  );
  return rows[0]?.wait ?? 0;
}

// the count after this failure, from the row as it was (ON CONFLICT's SET sees only the old row)
const NEXT_FAILURES = `CASE WHEN b."lastFailureAt" < now() - $2::interval THEN 1 ELSE b.failures + 1 END`;

/** One more wrong password for `email`; answers how long it must now wait (0 while still free). */
export async function recordSignInFailure(email: string): Promise<number> {
  const { rows } = await pgPool().query<{ wait: number }>(
    `INSERT INTO "SignInBackoff" AS b (email, failures, "lastFailureAt") VALUES ($1, 1, now())
     ON CONFLICT (email) DO UPDATE SET
       failures = ${NEXT_FAILURES},
       "lastFailureAt" = now(),
       "lockedUntil" = CASE WHEN ${NEXT_FAILURES} > $3
         THEN now() + least($4 * power(2, ${NEXT_FAILURES} - $3 - 1), $5) * interval '1 second' END
     RETURNING coalesce(ceil(extract(epoch FROM b."lockedUntil" - now())), 0)::int AS wait`,
    [email, FORGET_AFTER, FREE_FAILURES, FIRST_WAIT_SECONDS, MAX_WAIT_SECONDS],
  );
  return rows[0]?.wait ?? 0;
}

export async function clearSignInFailures(email: string): Promise<void> {
  await pgPool().query(`DELETE FROM "SignInBackoff" WHERE email = $1`, [email]);
}
