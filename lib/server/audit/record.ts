import "server-only";
import { sql } from "kysely";
import { db, executeOn, type Executor } from "../db";
import { env } from "../env";

// The audit trail: who did what, when, to which thing, from what to what. Written in the same
// transaction as the change it records (pass the transaction's client, node-postgres or Prisma),
// so neither exists without the other. Actions are "<thing>.<verb>": "label.answer", "run.pause", ...

/** Who did it: a signed-in user, or (no user) the command line or the studio itself. */
export interface Actor {
  userId?: string | null;
  /** who acted when no user did; the command line gets "cli user@host" */
  actor?: string;
}

export interface AuditEntry extends Actor {
  action: string;
  entityType: string;
  entityId: string | number;
  before?: unknown;
  after?: unknown;
}

export async function recordAudit(on: Executor, entry: AuditEntry): Promise<void> {
  const json = (value: unknown) => (value === undefined ? null : sql<never>`${JSON.stringify(value)}::jsonb`);
  const insert = db.insertInto("AuditLog").values({
    userId: entry.userId ?? null,
    actor: entry.userId ? null : (entry.actor ?? env.CAI_ACTOR ?? "system"),
    action: entry.action,
    entityType: entry.entityType,
    entityId: String(entry.entityId),
    before: json(entry.before),
    after: json(entry.after),
  });
  await executeOn(on, insert);
}
