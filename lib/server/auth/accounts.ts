import "server-only";
import { randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import type pg from "pg";
import type { Role } from "@/lib/auth/roles";
import { ConflictError } from "../errors";

// The rows Better Auth signs people in from: a User and its "credential" Account holding the
// password hash. Written here with SQL (not Better Auth's sign-up, which is disabled) so that a
// new account, the audit entry and the check that came before them share one transaction.
// hashPassword is Better Auth's own (scrypt), the same function its sign-in verifies with.

/** Serialises every change to who exists and who is admin (first-run races, the last admin). */
export async function lockPeople(db: pg.ClientBase): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock(hashtext('cai-studio:people'))`);
}

export interface AccountRow {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export async function insertUserWithPassword(db: pg.ClientBase, input: { email: string; name: string; role: Role; password: string }): Promise<AccountRow> {
  const hash = await hashPassword(input.password);
  const id = randomUUID();
  const inserted = await db.query<AccountRow>(
    `INSERT INTO "User" (id, email, name, role, "emailVerified", "updatedAt") VALUES ($1, $2, $3, $4::"Role", true, now())
     ON CONFLICT (email) DO NOTHING RETURNING id, email, name, role`,
    [id, input.email, input.name, input.role],
  );
  const user = inserted.rows[0];
  if (!user) throw new ConflictError(`email: there is already an account for ${input.email}`);
  await db.query(
    `INSERT INTO "Account" (id, "accountId", "providerId", "userId", password, "updatedAt") VALUES ($1, $2, 'credential', $2, $3, now())`,
    [randomUUID(), id, hash],
  );
  return user;
}

/**
 * Sets (or first gives) a user's password. With endSessions, the user is signed out everywhere, so
 * a session opened with the old password does not outlive it.
 */
export async function replacePassword(db: pg.ClientBase, userId: string, password: string, endSessions: boolean): Promise<void> {
  const hash = await hashPassword(password);
  const updated = await db.query(`UPDATE "Account" SET password = $2, "updatedAt" = now() WHERE "userId" = $1 AND "providerId" = 'credential'`, [userId, hash]);
  if (updated.rowCount === 0) {
    await db.query(
      `INSERT INTO "Account" (id, "accountId", "providerId", "userId", password, "updatedAt") VALUES ($1, $2, 'credential', $2, $3, now())`,
      [randomUUID(), userId, hash],
    );
  }
  if (endSessions) await db.query(`DELETE FROM "Session" WHERE "userId" = $1`, [userId]);
  // a new password starts with a clean slate: the wrong guesses were at the old one
  await db.query(`DELETE FROM "SignInBackoff" WHERE email = (SELECT email FROM "User" WHERE id = $1)`, [userId]);
}
