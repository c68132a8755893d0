import "server-only";
import type { Kysely } from "kysely";
import type pg from "pg";
import type { DB } from "@/lib/generated/db/types";
import type { SetupInput } from "@/lib/schemas/users";
import { recordAudit } from "../audit/record";
import { db, dbOn } from "../db";
import { NotFoundError, UserError } from "../errors";
import { inTransaction, transactionOn } from "../pg";
import { insertUserWithPassword, lockPeople, type AccountRow } from "./accounts";

// The first admin of a fresh studio, made either by the first visitor on /setup or at start from
// CAI_ADMIN_EMAIL and CAI_ADMIN_PASSWORD. Both take the people lock and look again, so two
// visitors (or several starting processes) make one admin, and nobody once anyone exists.

export async function hasAnyUser(): Promise<boolean> {
  return someoneExists(db);
}

async function someoneExists(on: Kysely<DB>): Promise<boolean> {
  return (await on.selectFrom("User").select("id").limit(1).executeTakeFirst()) !== undefined;
}

/** /setup: refused as "not found" once anyone exists, as the page itself is. */
export async function createFirstAdmin(input: SetupInput): Promise<AccountRow> {
  return inTransaction(async (db) => {
    const admin = await createAdminIfNobody(db, { email: input.email, name: input.name, password: input.password }, "setup");
    if (!admin) throw new NotFoundError("The studio is already set up: sign in instead.");
    return admin;
  });
}

/** prepareStudio: the admin from the environment, if both variables are set and nobody exists yet. */
export async function ensureAdminFromEnvironment(client: pg.ClientBase, env: NodeJS.ProcessEnv = process.env): Promise<{ created: string | null }> {
  const email = env.CAI_ADMIN_EMAIL?.trim().toLowerCase();
  const password = env.CAI_ADMIN_PASSWORD;
  if (!email && !password) return { created: null };
  if (!email || !password) throw new UserError("Set both CAI_ADMIN_EMAIL and CAI_ADMIN_PASSWORD (or neither).");
  if (password.length < 8) throw new UserError("CAI_ADMIN_PASSWORD must be at least 8 characters.");
  const admin = await transactionOn(client, (db) => createAdminIfNobody(db, { email, name: env.CAI_ADMIN_NAME?.trim() || "Admin", password }, "environment"));
  return { created: admin?.email ?? null };
}

async function createAdminIfNobody(client: pg.ClientBase, input: { email: string; name: string; password: string }, actor: string): Promise<AccountRow | null> {
  await lockPeople(client);
  if (await someoneExists(dbOn(client))) return null;
  const admin = await insertUserWithPassword(client, { ...input, role: "ADMIN" });
  await recordAudit(client, { actor, action: "user.create", entityType: "user", entityId: admin.id, after: { email: admin.email, name: admin.name, role: admin.role } });
  return admin;
}
