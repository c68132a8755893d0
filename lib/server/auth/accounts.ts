import "server-only";
import { randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { sql } from "kysely";
import type pg from "pg";
import type { Role } from "@/lib/auth/roles";
import { dbOn } from "../db";
import { ConflictError } from "../errors";

// The rows Better Auth signs people in from: a User and its "credential" Account holding the
// password hash. Written here with SQL (not Better Auth's sign-up, which is disabled) so that a
// new account, the audit entry and the check that came before them share one transaction.
// hashPassword is Better Auth's own (scrypt), the same function its sign-in verifies with.

/** Serialises every change to who exists and who is admin (first-run races, the last admin). */
export async function lockPeople(client: pg.ClientBase): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('cai-studio:people'))`.execute(dbOn(client));
}

export interface AccountRow {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export async function insertUserWithPassword(client: pg.ClientBase, input: { email: string; name: string; role: Role; password: string }): Promise<AccountRow> {
  const hash = await hashPassword(input.password);
  const id = randomUUID();
  const user = await dbOn(client)
    .insertInto("User")
    .values({ id, email: input.email, name: input.name, role: input.role, emailVerified: true, updatedAt: sql`now()` })
    .onConflict((conflict) => conflict.column("email").doNothing())
    .returning(["id", "email", "name", "role"])
    .executeTakeFirst();
  if (!user) throw ConflictError.about("email", `there is already an account for ${input.email}`);
  await insertCredential(client, id, hash);
  return user;
}

async function insertCredential(client: pg.ClientBase, userId: string, hash: string): Promise<void> {
  await dbOn(client)
    .insertInto("Account")
    .values({ id: randomUUID(), accountId: userId, providerId: "credential", userId, password: hash, updatedAt: sql`now()` })
    .execute();
}

/**
 * Sets (or first gives) a user's password. With endSessions, the user is signed out everywhere, so
 * a session opened with the old password does not outlive it.
 */
export async function replacePassword(client: pg.ClientBase, userId: string, password: string, endSessions: boolean): Promise<void> {
  const hash = await hashPassword(password);
  const db = dbOn(client);
  const updated = await db
    .updateTable("Account")
    .set({ password: hash, updatedAt: sql`now()` })
    .where("userId", "=", userId)
    .where("providerId", "=", "credential")
    .executeTakeFirstOrThrow();
  if (updated.numUpdatedRows === 0n) await insertCredential(client, userId, hash);
  if (endSessions) await db.deleteFrom("Session").where("userId", "=", userId).execute();
  // a new password starts with a clean slate: the wrong guesses were at the old one
  await db
    .deleteFrom("SignInBackoff")
    .where("email", "=", (eb) => eb.selectFrom("User").select("email").where("id", "=", userId))
    .execute();
}
