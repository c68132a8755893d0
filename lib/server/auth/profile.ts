import "server-only";
import { sql } from "kysely";
import type { SessionUser } from "@/lib/auth/roles";
import { ownProfileSchema, SELF_EDITABLE_FIELDS, type OwnProfile } from "@/lib/schemas/users";
import { recordAudit } from "../audit/record";
import { dbOn } from "../db";
import { UserError } from "../errors";
import { inTransaction } from "../pg";

// A person changing their own profile through Better Auth's update-user route (hooks.ts sends it
// here instead of to Better Auth's own handler). Only the fields in SELF_EDITABLE_FIELDS may be
// changed, and each change is one transaction with its audit entry (user.name, before and after):
// a viewer who renames themselves "Admin" is on the record for it.

export async function updateOwnProfile(user: SessionUser, body: unknown): Promise<OwnProfile> {
  const fields = body && typeof body === "object" && !Array.isArray(body) ? Object.keys(body) : [];
  const refused = fields.filter((field) => !(SELF_EDITABLE_FIELDS as readonly string[]).includes(field));
  if (refused.length > 0) {
    const message = `only your name can be changed here (${SELF_EDITABLE_FIELDS.join(", ")}); an admin sets the rest on the People page`;
    throw new UserError(`${refused.join(", ")}: ${message}`, { fields: refused.map((path) => ({ path, message })) });
  }
  const parsed = ownProfileSchema.safeParse(body);
  if (!parsed.success) {
    throw UserError.ofFields(parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })));
  }
  const { name } = parsed.data;
  return inTransaction(async (client) => {
    const db = dbOn(client);
    const before = (await db.selectFrom("User").select("name").where("id", "=", user.id).forUpdate().executeTakeFirst())?.name;
    if (before === undefined) throw new UserError("your account no longer exists");
    if (before === name) return { name };
    await db
      .updateTable("User")
      .set({ name, updatedAt: sql`now()` })
      .where("id", "=", user.id)
      .execute();
    await recordAudit(client, { userId: user.id, action: "user.name", entityType: "user", entityId: user.id, before: { name: before }, after: { name } });
    return { name };
  });
}
