import "server-only";
import { sql } from "kysely";
import type pg from "pg";
import { roleAtLeast, type Role, type SessionUser } from "@/lib/auth/roles";
import type { NewUser } from "@/lib/schemas/users";
import { recordAudit } from "../audit/record";
import { dbOn, prisma } from "../db";
import { ConflictError, NotFoundError } from "../errors";
import { inTransaction } from "../pg";
import { insertUserWithPassword, lockPeople, replacePassword } from "./accounts";

// What an admin does on the users page. Each change is one transaction with its audit entry
// (user.create, user.role, user.password); a password never appears in the trail, hashed or not.

export interface UserListRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: Date;
}

export async function listUsers(): Promise<UserListRow[]> {
  return prisma.user.findMany({ select: { id: true, email: true, name: true, role: true, createdAt: true }, orderBy: [{ createdAt: "asc" }, { email: "asc" }] });
}

export async function createUser(input: NewUser, actor: SessionUser): Promise<UserListRow> {
  return inTransaction(async (client) => {
    await lockPeople(client);
    const user = await insertUserWithPassword(client, input);
    await recordAudit(client, { userId: actor.id, action: "user.create", entityType: "user", entityId: user.id, after: { email: user.email, name: user.name, role: user.role } });
    return { ...user, createdAt: new Date() };
  });
}

export async function changeRole(userId: string, role: Role, actor: SessionUser): Promise<{ id: string; role: Role }> {
  return inTransaction(async (client) => {
    await lockPeople(client);
    const before = await findRole(client, userId);
    if (before === role) return { id: userId, role };
    if (before === "ADMIN" && !roleAtLeast(role, "ADMIN") && (await adminCount(client)) <= 1) {
      throw new ConflictError(userId === actor.id ? "role: you are the last admin; make someone else an admin first" : "role: this is the last admin; make someone else an admin first");
    }
    await dbOn(client)
      .updateTable("User")
      .set({ role, updatedAt: sql`now()` })
      .where("id", "=", userId)
      .execute();
    await recordAudit(client, { userId: actor.id, action: "user.role", entityType: "user", entityId: userId, before: { role: before }, after: { role } });
    return { id: userId, role };
  });
}

export async function resetPassword(userId: string, password: string, actor: SessionUser): Promise<void> {
  await inTransaction(async (client) => {
    await findRole(client, userId);
    // someone else's reset signs them out everywhere; an admin resetting their own stays signed in
    await replacePassword(client, userId, password, userId !== actor.id);
    await recordAudit(client, { userId: actor.id, action: "user.password", entityType: "user", entityId: userId });
  });
}

async function findRole(client: pg.ClientBase, userId: string): Promise<Role> {
  const found = await dbOn(client).selectFrom("User").select("role").where("id", "=", userId).executeTakeFirst();
  if (!found) throw new NotFoundError(`there is no user ${userId}`);
  return found.role;
}

async function adminCount(client: pg.ClientBase): Promise<number> {
  const counted = await dbOn(client)
    .selectFrom("User")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("role", "=", "ADMIN")
    .executeTakeFirstOrThrow();
  return counted.n;
}
