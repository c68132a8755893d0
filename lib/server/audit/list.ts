import "server-only";
import { sql } from "kysely";
import { z } from "zod";
import { id } from "@/lib/schemas/ids";
import { db } from "../db";

// The audit page's query: newest first, paged by id, filtered by person, item and action.

const blank = (value: unknown) => (value === "" || value === null ? undefined : value);

export const auditQuerySchema = z.object({
  /** a user's id, or an actor such as "cli alice@host" */
  who: z.preprocess(blank, z.string().trim().max(200).optional()),
  /** "label.answer", or a prefix such as "run." */
  action: z.preprocess(blank, z.string().trim().max(100).optional()),
  entityType: z.preprocess(blank, z.string().trim().max(50).optional()),
  entityId: z.preprocess(blank, z.string().trim().max(50).optional()),
  before: z.preprocess(blank, id.optional()),
  limit: z.preprocess(blank, z.coerce.number().int().min(1).max(200).default(50)),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export interface AuditRow {
  id: number;
  createdAt: string;
  who: string;
  userId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

export async function listAudit(query: AuditQuery): Promise<{ rows: AuditRow[]; nextBefore: number | null }> {
  const { who, action, entityType, entityId, before } = query;
  const rows = await db
    .selectFrom("AuditLog as a")
    .leftJoin("User as u", "u.id", "a.userId")
    .select(["a.id", "a.createdAt", who_, "a.userId", "a.action", "a.entityType", "a.entityId", "a.before", "a.after"])
    .$if(who !== undefined, (q) => q.where((eb) => eb.or([eb("a.userId", "=", who!), eb("a.actor", "=", who!), eb("u.email", "=", who!)])))
    // "run." is a prefix: every action of runs
    .$if(action !== undefined, (q) => q.where((eb) => eb.or([eb("a.action", "=", action!), ...(action!.endsWith(".") ? [eb("a.action", "like", sql<string>`${action} || '%'`)] : [])])))
    .$if(entityType !== undefined, (q) => q.where("a.entityType", "=", entityType!))
    .$if(entityId !== undefined, (q) => q.where("a.entityId", "=", entityId!))
    .$if(before !== undefined, (q) => q.where("a.id", "<", before!))
    .orderBy("a.id", "desc")
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit).map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
  return { rows: page, nextBefore: rows.length > query.limit ? page.at(-1)!.id : null };
}

/** Who did it, as the page shows them: a user's email, else the actor (the command line), else the studio. */
const who_ = sql<string>`coalesce(u.email, a.actor, 'system')`.as("who");

/** The choices the page's filters offer. */
export async function auditFilterOptions(): Promise<{ actions: string[]; entityTypes: string[]; people: { who: string; value: string }[] }> {
  const [actions, types, people] = await Promise.all([
    db.selectFrom("AuditLog").select("action").distinct().orderBy("action").execute(),
    db.selectFrom("AuditLog").select("entityType").distinct().orderBy("entityType").execute(),
    db
      .selectFrom("AuditLog as a")
      .leftJoin("User as u", "u.id", "a.userId")
      .select([who_, sql<string>`coalesce(a."userId", a.actor, 'system')`.as("value")])
      .distinct()
      .orderBy("who")
      .execute(),
  ]);
  return { actions: actions.map((r) => r.action), entityTypes: types.map((r) => r.entityType), people };
}
