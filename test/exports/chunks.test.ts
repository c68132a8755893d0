import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportDefinitionSchema, type ExportLayoutName } from "@/lib/schemas/exports";
import { chunkRows, copyRows, type RoutedRow } from "@/lib/server/exports/stream";
import { pgPool } from "@/lib/server/pg";
import { buildExportFixture, type ExportFixture } from "./fixture";

// The embedded database's export reads (chunkRows: keyset chunks, each its own short statement)
// give exactly the rows, in the order and with the counts, of the server's one COPY, whatever the
// chunk size: a chunk boundary inside one chain's steps (revision "all", two order keys) included.

let f: ExportFixture;
beforeAll(async () => {
  f = await buildExportFixture();
});
afterAll(async () => {
  await pgPool().end();
});

async function both(layout: ExportLayoutName, definition: Record<string, unknown>, batchSize: number) {
  const parsed = exportDefinitionSchema.parse({ datasetIds: [f.datasetId, f.otherDatasetId], ...definition });
  const read = async (how: "copy" | "chunks") => {
    const rows: RoutedRow[] = [];
    const options = { batchSize, onRows: (batch: RoutedRow[]) => void rows.push(...batch) };
    const client = await pgPool().connect();
    try {
      const counts = how === "copy" ? await copyRows(client, layout, parsed, options) : await chunkRows(pgPool(), layout, parsed, options);
      return { rows, counts };
    } finally {
      client.release();
    }
  };
  return { copied: await read("copy"), chunked: await read("chunks") };
}

describe("an export read in keyset chunks", () => {
  const cases: [ExportLayoutName, Record<string, unknown>][] = [
    ["SFT", { revision: "final" }],
    ["SFT", { revision: "all" }],
    ["SFT", { revision: 0 }],
    ["H4_CAI", { revision: "all" }],
    ["PREFERENCE", { excludeFlagged: false }],
  ];
  for (const [layout, definition] of cases) {
    for (const batchSize of [1, 2, 3, 1000]) {
      it(`${layout} ${JSON.stringify(definition)} in chunks of ${batchSize}: the rows and counts of one COPY`, async () => {
        const { copied, chunked } = await both(layout, definition, batchSize);
        expect(copied.rows.length).toBeGreaterThan(1);
        expect(chunked.rows).toEqual(copied.rows);
        expect(chunked.counts).toEqual(copied.counts);
      });
    }
  }

  it("stops when the reader has enough, with nothing left running", async () => {
    const parsed = exportDefinitionSchema.parse({ datasetIds: [f.datasetId, f.otherDatasetId], revision: "all" });
    let batches = 0;
    const counts = await chunkRows(pgPool(), "SFT", parsed, { batchSize: 1, onRows: () => ++batches < 2 });
    expect(batches).toBe(2);
    expect(counts.selected).toBe(2);
    expect(pgPool().waitingCount).toBe(0);
  });
});
