import "server-only";
import type pg from "pg";
import { prisma } from "../db";

// The audit trail: who did what, when, to which thing, from what to what. Written in the same
// transaction as the change it records (pass the transaction's client), so neither exists without
// the other. Actions are "<thing>.<verb>": "label.answer", "label.change", "run.pause", ...

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

type Db = pg.ClientBase | pg.Pool | { $executeRaw: typeof prisma.$executeRaw };

export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  const values = [
    entry.userId ?? null,
    entry.userId ? null : (entry.actor ?? process.env.CAI_ACTOR ?? "system"),
    entry.action,
    entry.entityType,
    String(entry.entityId),
    entry.before === undefined ? null : JSON.stringify(entry.before),
    entry.after === undefined ? null : JSON.stringify(entry.after),
  ] as const;
  if ("query" in db) {
    await db.query(
      `INSERT INTO "AuditLog" ("userId", actor, action, "entityType", "entityId", before, after) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [...values],
    );
    return;
  }
  await db.$executeRaw`INSERT INTO "AuditLog" ("userId", actor, action, "entityType", "entityId", before, after)
    VALUES (${values[0]}, ${values[1]}, ${values[2]}, ${values[3]}, ${values[4]}, ${values[5]}::jsonb, ${values[6]}::jsonb)`;
}
