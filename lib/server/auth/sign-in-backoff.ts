import "server-only";
import { sql } from "kysely";
import { db } from "../db";

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
  const row = await db
    .selectFrom("SignInBackoff")
    .select(sql<number>`ceil(extract(epoch FROM "lockedUntil" - now()))::int`.as("wait"))
    .where("email", "=", email)
    .where(sql<boolean>`"lockedUntil" > now()`)
    .executeTakeFirst();
  return row?.wait ?? 0;
}

// the count after this failure, from the row as it was (ON CONFLICT's SET sees only the old row)
// (an `INSERT ... AS b`, which Kysely's builder does not write, hence the template)
const NEXT_FAILURES = sql<number>`CASE WHEN b."lastFailureAt" < now() - ${FORGET_AFTER}::interval THEN 1 ELSE b.failures + 1 END`;

/** One more wrong password for `email`; answers how long it must now wait (0 while still free). */
export async function recordSignInFailure(email: string): Promise<number> {
  const { rows } = await sql<{ wait: number }>`
    INSERT INTO "SignInBackoff" AS b (email, failures, "lastFailureAt") VALUES (${email}, 1, now())
     ON CONFLICT (email) DO UPDATE SET
       failures = ${NEXT_FAILURES},
       "lastFailureAt" = now(),
       "lockedUntil" = CASE WHEN ${NEXT_FAILURES} > ${FREE_FAILURES}
         THEN now() + least(${FIRST_WAIT_SECONDS} * power(2, ${NEXT_FAILURES} - ${FREE_FAILURES} - 1), ${MAX_WAIT_SECONDS}) * interval '1 second' END
     RETURNING coalesce(ceil(extract(epoch FROM b."lockedUntil" - now())), 0)::int AS wait`.execute(db);
  return rows[0]?.wait ?? 0;
}

export async function clearSignInFailures(email: string): Promise<void> {
  await db.deleteFrom("SignInBackoff").where("email", "=", email).execute();
}
