import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/server/audit/record";
import { db, dbOn, prisma } from "@/lib/server/db";
import { inTransaction, pgPool } from "@/lib/server/pg";
import { bossOn } from "@/lib/server/jobs/queue";
import { uniqueName } from "../imports/helpers";

// The one way to the database (lib/server/db.ts): Kysely on the process's one pool, on a held
// connection inside a transaction, and one audit statement that joins either kind of transaction.

afterAll(async () => {
  await prisma.$disconnect();
  await pgPool().end();
});

const auditRows = (action: string) => db.selectFrom("AuditLog").select(["actor", "after"]).where("action", "=", action).execute();

describe("dbOn", () => {
  it("runs the builder, sql templates and pg-boss in the caller's transaction", async () => {
    const action = uniqueName("test.rollback");
    await expect(
      inTransaction(async (client) => {
        await dbOn(client).insertInto("AuditLog").values({ action, entityType: "test", entityId: "1" }).execute();
        const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM "AuditLog" WHERE action = ${action}`.execute(dbOn(client));
        expect(rows[0].n).toBe(1);
        expect(await bossOn(client).getQueues()).toBeInstanceOf(Array);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await auditRows(action)).toEqual([]);
  });
});

describe("recordAudit", () => {
  it("writes the same row from a node-postgres connection and from a Prisma transaction", async () => {
    const action = uniqueName("test.audit");
    await inTransaction((client) => recordAudit(client, { actor: "cli", action, entityType: "t", entityId: 1, after: { via: "pg" } }));
    await prisma.$transaction((tx) => recordAudit(tx, { actor: "cli", action, entityType: "t", entityId: 2, after: { via: "prisma" } }));
    const rows = await auditRows(action);
    expect(rows.map((row) => row.after)).toEqual(expect.arrayContaining([{ via: "pg" }, { via: "prisma" }]));
    expect(rows.every((row) => row.actor === "cli")).toBe(true);
  });
});

describe("one pool per process", () => {
  it("Prisma runs on the process's pool and leaves it open when it disconnects", async () => {
    await prisma.$queryRaw`SELECT 1`;
    const before = pgPool().totalCount;
    expect(before).toBeGreaterThan(0);
    await prisma.$disconnect();
    const { rows } = await pgPool().query<{ one: number }>("SELECT 1 AS one");
    expect(rows[0].one).toBe(1);
  });
});
