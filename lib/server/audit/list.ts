import "server-only";
import { z } from "zod";
import { id } from "@/lib/schemas/ids";
import { pgPool } from "../pg";

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
  const { rows } = await pgPool().query<AuditRow & { createdAt: Date }>(
    `SELECT a.id, a."createdAt", coalesce(u.email, a.actor, 'system') AS who, a."userId", a.action, a."entityType", a."entityId", a.before, a.after
     FROM "AuditLog" a LEFT JOIN "User" u ON u.id = a."userId"
     WHERE ($1::text IS NULL OR a."userId" = $1 OR a.actor = $1 OR u.email = $1)
       AND ($2::text IS NULL OR a.action = $2 OR (right($2, 1) = '.' AND a.action LIKE $2 || '%'))
       AND ($3::text IS NULL OR a."entityType" = $3)
       AND ($4::text IS NULL OR a."entityId" = $4)
       AND ($5::int IS NULL OR a.id < $5)
     ORDER BY a.id DESC LIMIT $6`,
    [query.who ?? null, query.action ?? null, query.entityType ?? null, query.entityId ?? null, query.before ?? null, query.limit + 1],
  );
  const page = rows.slice(0, query.limit).map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
  return { rows: page, nextBefore: rows.length > query.limit ? page.at(-1)!.id : null };
}

/** The choices the page's filters offer. */
export async function auditFilterOptions(): Promise<{ actions: string[]; entityTypes: string[]; people: { who: string; value: string }[] }> {
  const db = pgPool();
  const [actions, types, people] = await Promise.all([
    db.query<{ action: string }>(`SELECT DISTINCT action FROM "AuditLog" ORDER BY action`),
    db.query<{ entityType: string }>(`SELECT DISTINCT "entityType" FROM "AuditLog" ORDER BY "entityType"`),
    db.query<{ who: string; value: string }>(
      `SELECT DISTINCT coalesce(u.email, a.actor, 'system') AS who, coalesce(a."userId", a.actor, 'system') AS value
       FROM "AuditLog" a LEFT JOIN "User" u ON u.id = a."userId" ORDER BY who`,
    ),
  ]);
  return { actions: actions.rows.map((r) => r.action), entityTypes: types.rows.map((r) => r.entityType), people: people.rows };
}
