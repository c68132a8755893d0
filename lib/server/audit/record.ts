import "server-only";
import { hostname, userInfo } from "node:os";
import type pg from "pg";
import { prisma } from "../db";

// The audit trail: who did what, when, to which thing, from what to what. Written in the same
// transaction as the change it records (pass the transaction's client), so neither exists without
// the other. Actions are "<thing>.<verb>": "label.answer", "label.change", "run.pause", ...

export interface AuditEntry {
  /** the signed-in user; absent for the command line and the studio itself */
  userId?: string | null;
  /** who acted when no user did; the command line gets "cli user@host" */
  actor?: string;
  action: string;
  entityType: string;
  entityId: string | number;
  before?: unknown;
  after?: unknown;
}

type Db = pg.ClientBase | { $executeRaw: typeof prisma.$executeRaw };

export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  const values = [
    entry.userId ?? null,
    entry.userId ? null : (entry.actor ?? "system"),
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

/** How the command line names itself in the trail. */
export function cliActor(): string {
  return `cli ${userInfo().username}@${hostname()}`;
}
