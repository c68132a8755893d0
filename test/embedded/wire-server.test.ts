import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PgliteWireServer } from "@/lib/server/embedded/wire-server";

// The embedded database serves many connections from one PGlite session. These tests run what the
// studio runs at once (a web server's pool, a worker, the CLI) and check nobody sees another's
// statements or transactions.

let db: PGlite;
let server: PgliteWireServer;
let url: string;

beforeAll(async () => {
  // on disk, as the studio runs it: statements then take real time, and other connections' bytes
  // arrive while one runs
  db = await PGlite.create({ dataDir: mkdtempSync(path.join(tmpdir(), "cai-wire-")) });
  await db.exec("CREATE TABLE t (id serial PRIMARY KEY, who int, n int)");
  await db.exec("CREATE TABLE w (id serial PRIMARY KEY, a int, b text, p int)");
  server = new PgliteWireServer(db, 20);
  const port = await server.listen(0, "127.0.0.1");
  url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
});

afterAll(async () => {
  await server.close();
  await db.close();
});

/** A second wire server on the same PGlite with a short idle-transaction limit, and two clients of it. */
async function serverWithIdleLimit(idleMs: number) {
  const server = new PgliteWireServer(db, 20, idleMs);
  const port = await server.listen(0, "127.0.0.1");
  const [holder, other] = [0, 1].map(() => new pg.Client({ connectionString: `postgresql://postgres@127.0.0.1:${port}/postgres` }));
  await holder.connect();
  await other.connect();
  return {
    holder,
    other,
    close: async () => {
      await Promise.allSettled([holder.end(), other.end()]);
      await server.close();
    },
  };
}

describe("the embedded database's wire server", () => {
  it("keeps every connection's parameterised queries apart when they arrive at the same time", async () => {
    const pool = new pg.Pool({ connectionString: url, max: 8 });
    try {
      // large parameters: a message then spans several TCP reads, as a stored model call does
      const big = "x".repeat(200_000);
      const answers = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          i % 2 === 0
            ? pool.query<{ v: number }>("SELECT $1::int + length($2::text) AS v", [i, big]).then((r) => [i, r.rows[0].v, i + big.length])
            : pool.query<{ v: string }>("SELECT $1::text || '-' || $2::text || '-' || length($3::text) AS v", [i, "a", big]).then((r) => [i, r.rows[0].v, `${i}-a-${big.length}`]),
        ),
      );
      for (const [, got, expected] of answers) expect(got).toEqual(expected);
    } finally {
      await pool.end();
    }
  });

  it("runs one connection's transaction without another connection's writes inside it", async () => {
    const pool = new pg.Pool({ connectionString: url, max: 6 });
    try {
      await Promise.all(
        Array.from({ length: 6 }, async (_, who) => {
          const client = await pool.connect();
          try {
            for (let round = 0; round < 5; round++) {
              await client.query("BEGIN");
              for (let n = 0; n < 4; n++) await client.query("INSERT INTO t (who, n) VALUES ($1, $2)", [who, n]);
              // a transaction that gives up must leave nothing, whoever ran in between
              await client.query(round % 2 === 0 ? "COMMIT" : "ROLLBACK");
            }
          } finally {
            client.release();
          }
        }),
      );
      const { rows } = await pool.query<{ who: number; count: number }>("SELECT who, count(*)::int AS count FROM t GROUP BY who ORDER BY who");
      expect(rows).toEqual(Array.from({ length: 6 }, (_, who) => ({ who, count: 3 * 4 })));
    } finally {
      await pool.end();
    }
  });

  it("serves several processes' pools writing, reading and committing at once (pglite-socket 0.2.17 hangs here)", async () => {
    const pools = [1, 2, 3].map(() => new pg.Pool({ connectionString: url, max: 6 }));
    const big = "y".repeat(50_000);
    try {
      const mismatches = (
        await Promise.all(
          pools.flatMap((pool, p) =>
            Array.from({ length: 90 }, async (_, i): Promise<string[]> => {
              if (i % 3 === 0) {
                const { rows } = await pool.query("WITH x AS (INSERT INTO w (a, b, p) VALUES ($1, $2, $3) RETURNING a, p) SELECT * FROM x", [i, big, p]);
                return rows[0].a === i && rows[0].p === p ? [] : [`insert ${p}/${i} got ${JSON.stringify(rows[0])}`];
              }
              if (i % 3 === 1) {
                const { rows } = await pool.query("SELECT $1::int AS v", [i]);
                return rows[0]?.v === i ? [] : [`select ${p}/${i} got ${JSON.stringify(rows)}`];
              }
              const client = await pool.connect();
              try {
                await client.query("BEGIN");
                const { rows } = await client.query("INSERT INTO w (a, b, p) VALUES ($1, 'tx', $2) RETURNING a", [i, p]);
                await client.query("COMMIT");
                return rows[0].a === i ? [] : [`transaction ${p}/${i} got ${JSON.stringify(rows[0])}`];
              } finally {
                client.release();
              }
            }),
          ),
        )
      ).flat();
      expect(mismatches).toEqual([]);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });

  it("rolls back the transaction of a connection that goes away, and lets the others go on", async () => {
    const leaver = new pg.Client({ connectionString: url });
    leaver.on("error", () => {}); // it is cut off on purpose
    const other = new pg.Client({ connectionString: url });
    await Promise.all([leaver.connect(), other.connect()]);
    await leaver.query("BEGIN");
    await leaver.query("INSERT INTO t (who, n) VALUES (99, 1)");
    const waiting = other.query<{ count: number }>("SELECT count(*)::int AS count FROM t WHERE who = 99");
    (leaver as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    expect((await waiting).rows[0].count).toBe(0);
    await other.end();
  });

  it("ends a transaction that waits on another connection, instead of freezing every connection", async () => {
    // what the export worker did: BEGIN on one connection, then wait for a statement on another
    const { holder, other, close } = await serverWithIdleLimit(300);
    holder.on("error", () => {});
    const errors: string[] = [];
    const log = console.error;
    console.error = (message: string) => errors.push(message);
    try {
      await holder.query("BEGIN");
      await holder.query("INSERT INTO t (who, n) VALUES (-7, 1)");
      const started = Date.now();
      const { rows } = await other.query<{ count: number }>("SELECT count(*)::int AS count FROM t WHERE who = -7");
      expect(rows[0].count).toBe(0); // rolled back, not committed
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(errors.join("\n")).toMatch(/kept a transaction open for 0.3 s without a statement while 1 other connection\(s\) waited/);
      await expect(holder.query("SELECT 1")).rejects.toThrow();
    } finally {
      console.error = log;
      await close();
    }
  });

  it("leaves a transaction alone while nobody waits for it, and while it keeps sending statements", async () => {
    const { holder, other, close } = await serverWithIdleLimit(300);
    try {
      await holder.query("BEGIN");
      await holder.query("INSERT INTO t (who, n) VALUES (-8, 1)");
      await new Promise((resolve) => setTimeout(resolve, 600)); // idle, but nobody waits
      const waiting = other.query<{ count: number }>("SELECT count(*)::int AS count FROM t WHERE who = -8");
      // busy: a statement every 100 ms for 1 s while the other waits
      for (let i = 0; i < 10; i++) {
        await holder.query("INSERT INTO t (who, n) VALUES (-8, 1)");
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await holder.query("COMMIT");
      expect((await waiting).rows[0].count).toBe(11);
    } finally {
      await close();
    }
  });

  it("refuses COPY FROM STDIN on its connection, which PGlite's one session cannot survive, and the others go on", async () => {
    const copier = new pg.Client({ connectionString: url });
    copier.on("error", () => {}); // its connection is closed on purpose
    const other = new pg.Client({ connectionString: url });
    await Promise.all([copier.connect(), other.connect()]);
    try {
      await copier.query("BEGIN");
      await copier.query("INSERT INTO t (who, n) VALUES (-9, 1)");
      const stream = copier.query(copyFrom("COPY t (who, n) FROM STDIN"));
      const failed = new Promise<Error>((resolve) => stream.on("error", resolve));
      stream.end("-9\t2\n");
      expect((await failed).message).toMatch(/COPY FROM STDIN is not supported by the embedded database/);
      // the copier's transaction was rolled back with its connection; the database still answers
      const { rows } = await other.query<{ count: number }>("SELECT count(*)::int AS count FROM t WHERE who = -9");
      expect(rows[0].count).toBe(0);
    } finally {
      await other.end();
    }
  });
});
