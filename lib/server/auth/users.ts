import "server-only";
import type pg from "pg";
import { roleAtLeast, type Role, type SessionUser } from "@/lib/auth/roles";
import type { NewUser } from "@/lib/schemas/users";
import { recordAudit } from "../audit/record";
import { prisma } from "../db";
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
  return inTransaction(async (db) => {
    await lockPeople(db);
    const user = await insertUserWithPassword(db, input);
    await recordAudit(db, { userId: actor.id, action: "user.create", entityType: "user", entityId: user.id, after: { email: user.email, name: user.name, role: user.role } });
    return { ...user, createdAt: new Date() };
  });
}

export async function changeRole(userId: string, role: Role, actor: SessionUser): Promise<{ id: string; role: Role }> {
  return inTransaction(async (db) => {
    await lockPeople(db);
    const before = await findRole(db, userId);
    if (before === role) return { id: userId, role };
    if (before === "ADMIN" && !roleAtLeast(role, "ADMIN") && (await adminCount(db)) <= 1) {
      throw new ConflictError(userId === actor.id ? "role: you are the last admin; make someone else an admin first" : "role: this is the last admin; make someone else an admin first");
    }
    await db.query(`UPDATE "User" SET role = $2::"Role", "updatedAt" = now() WHERE id = $1`, [userId, role]);
    await recordAudit(db, { userId: actor.id, action: "user.role", entityType: "user", entityId: userId, before: { role: before }, after: { role } });
    return { id: userId, role };
  });
}

export async function resetPassword(userId: string, password: string, actor: SessionUser): Promise<void> {
  await inTransaction(async (db) => {
    await findRole(db, userId);
    // someone else's reset signs them out everywhere; an admin resetting their own stays signed in
    await replacePassword(db, userId, password, userId !== actor.id);
    await recordAudit(db, { userId: actor.id, action: "user.password", entityType: "user", entityId: userId });
  });
}

async function findRole(db: pg.ClientBase, userId: string): Promise<Role> {
  const found = await db.query<{ role: Role }>(`SELECT role FROM "User" WHERE id = $1`, [userId]);
  if (!found.rows[0]) throw new NotFoundError(`there is no user ${userId}`);
  return found.rows[0].role;
}

async function adminCount(db: pg.ClientBase): Promise<number> {
  const counted = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "User" WHERE role = 'ADMIN'`);
  return counted.rows[0]!.n;
}
