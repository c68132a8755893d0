import { afterAll, describe, expect, it } from "vitest";
import { appendRows, serverSpeaksCopy } from "@/lib/server/imports/append-rows";
import { inTransaction, pgPool } from "@/lib/server/pg";
import { itOnServer } from "../setup/on-server";

afterAll(() => pgPool().end());

// Both ways of appending rows must store exactly the same values, whatever the text holds.
const awkward = ["tab\there", "new\nline and \r\n", "back\\slash \\N not null", "quote \" and ' and {braces}", "emoji 🐱 and NUL-free unicode ü", ""];

/** Appends the awkward rows to a temporary table one way and reads them back. */
async function storeAwkward(useCopy: boolean) {
  const stored = await inTransaction(async (db) => {
    await db.query(`CREATE TEMP TABLE "Appended" (n int, body text, origin "ResponseOrigin", score float8) ON COMMIT DROP`);
    await appendRows(db, useCopy, {
      table: "Appended",
      columns: [
        ["n", "int"],
        ["body", "text"],
        ["origin", '"ResponseOrigin"'],
        ["score", "float8"],
      ],
      rows: [...awkward.map((text, i) => [i, text, "SAMPLE", i / 3]), [99, null, "REVISION", null]],
    });
    const { rows } = await db.query(`SELECT n, body, origin, score FROM "Appended" ORDER BY n`);
    return rows;
  });
  expect(stored).toEqual([...awkward.map((body, n) => ({ n, body, origin: "SAMPLE", score: n / 3 })), { n: 99, body: null, origin: "REVISION", score: null }]);
}

/** why the COPY tests skip there (docs/decisions/002); imports use INSERT ... unnest() instead */
const NO_COPY = "COPY FROM STDIN does not pass through the embedded database's socket";

describe("appendRows", () => {
  itOnServer(NO_COPY, "stores awkward text and nulls unchanged with COPY FROM STDIN", () => storeAwkward(true));
  it("stores awkward text and nulls unchanged with INSERT ... unnest()", () => storeAwkward(false));

  itOnServer(NO_COPY, "knows that a Postgres server speaks COPY", async () => {
    const client = await pgPool().connect();
    try {
      expect(await serverSpeaksCopy(client)).toBe(true);
    } finally {
      client.release();
    }
  });
});
