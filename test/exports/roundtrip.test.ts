import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { asyncBufferFromFile, parquetReadObjects } from "hyparquet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExportDefinition, ExportFileTypeName, ExportLayoutName } from "@/lib/schemas/exports";
import { exportDefinitionSchema } from "@/lib/schemas/exports";
import { createExport, createExportRun, getExportRun } from "@/lib/server/exports/definitions";
import { runExport } from "@/lib/server/exports/run";
import { importFile } from "@/lib/server/imports/import-file";
import { pgPool } from "@/lib/server/pg";
import { uniqueName } from "../imports/helpers";
import { buildExportFixture, type ExportFixture } from "./fixture";

// Issue 7's round trip: export SFT and preference rows of a fixture dataset (chains and labelled
// pairs), import each file as a new dataset, export that dataset again with the same layout and
// file type, and get the same rows back. (SFT: an imported SFT row is a prompt with an imported
// answer and no chain, which an SFT export takes when its definition says importedAnswers: the
// re-export says so; the first export, of chains, does not.)
//
// What is compared: SFT rows whole (messages); preference rows' prompt, chosen and rejected. What may
// differ, legitimately: a preference row's comparison_id (new comparisons), and its label, because an
// imported pair carries the file's preference as an imported human label and no AI verdict: the
// re-export says soft_label 1, label_source "human", principle_ids [] and no judge. The original
// values are kept as text in that label's note, which is checked too. Row order is compared as a
// set: the import keeps the file's order, but a re-export orders by the new ids of its own query parts.

let fixture: ExportFixture;
const root = mkdtempSync(path.join(tmpdir(), "cai-roundtrip-"));

beforeAll(async () => {
  fixture = await buildExportFixture();
  await addCarriageReturns(fixture.datasetId);
});

/** A chain answer and a labelled pair with Windows line breaks (and a lone CR) and quotes, which every file type must keep. */
async function addCarriageReturns(datasetId: number) {
  const db = pgPool();
  const one = async (sql: string, params: unknown[]) => (await db.query<{ id: number }>(`${sql} RETURNING id`, params)).rows[0].id;
  const turns = [{ role: "user", content: "Two lines,\r\nplease." }];
  const promptId = await one(`INSERT INTO "Prompt" ("datasetId", turns, text, "contentHash") VALUES ($1, $2, $3, $4)`, [
    datasetId,
    JSON.stringify(turns),
    turns[0].content,
    uniqueName("crlf"),
  ]);
  const response = (text: string, origin: string) => one(`INSERT INTO "Response" ("promptId", text, origin) VALUES ($1, $2, $3)`, [promptId, text, origin]);
  const principleId = (await db.query<{ id: number }>(`SELECT id FROM "Principle" WHERE kind = 'CRITIQUE_REVISION' LIMIT 1`)).rows[0].id;
  const chainId = await one(`INSERT INTO "Chain" ("promptId", "initialResponseId") VALUES ($1, $2)`, [promptId, await response("One.\r\nTwo.", "INITIAL")]);
  await db.query(`INSERT INTO "ChainStep" ("chainId", index, "principleId", critique, "revisionId") VALUES ($1, 1, $2, 'ok', $3)`, [
    chainId,
    principleId,
    await response('First line.\r\nSecond line, "quoted".\r\n\r\nThird.', "REVISION"),
  ]);
  const comparisonId = await one(`INSERT INTO "Comparison" ("promptId", "responseAId", "responseBId", source) VALUES ($1, $2, $3, 'MANUAL')`, [
    promptId,
    await response("A\r\nB", "SAMPLE"),
    await response("C\rD", "SAMPLE"),
  ]);
  await db.query(`INSERT INTO "HumanLabel" ("comparisonId", source, choice) VALUES ($1, 'REVIEW', 'B')`, [comparisonId]);
}

afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  await pgPool().end();
});

/** Runs an export of one dataset and returns its file's path. */
async function exportDataset(datasetId: number, layout: ExportLayoutName, fileType: ExportFileTypeName, filters: Partial<ExportDefinition> = {}): Promise<string> {
  const definition = exportDefinitionSchema.parse({ ...filters, datasetIds: [datasetId] });
  const saved = await createExport(pgPool(), { name: uniqueName(`roundtrip-${layout}`), layout, fileType, definition });
  const run = await createExportRun(pgPool(), saved.id);
  await runExport(pgPool(), run.id, { worker: "roundtrip test", root });
  const finished = await getExportRun(pgPool(), run.id);
  expect(finished, `export run ${run.id}`).toMatchObject({ status: "SUCCEEDED" });
  const extension = { JSONL: "jsonl", CSV: "csv", PARQUET: "parquet" }[fileType];
  return path.join(root, `run-${run.id}`, `${layout === "SFT" ? "sft" : "preference"}.${extension}`);
}

/** The file's rows as objects, nested values parsed (CSV holds them as JSON text). */
async function rowsOf(file: string): Promise<Record<string, unknown>[]> {
  if (file.endsWith(".parquet")) return parquetReadObjects({ file: await asyncBufferFromFile(file) });
  const text = readFileSync(file, "utf8");
  if (file.endsWith(".jsonl"))
    return text
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  const records = parseCsv(text, { columns: true }) as Record<string, string>[];
  return records.map((record) => Object.fromEntries(Object.entries(record).map(([key, value]) => [key, /^[[{]/.test(value) ? JSON.parse(value) : value])));
}

async function importAsDataset(file: string): Promise<{ id: number; name: string }> {
  const result = await importFile({ path: file, fileName: path.basename(file), dataset: uniqueName("roundtrip") });
  return result.dataset!;
}

const sorted = <T>(rows: T[]) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
const pairOf = (row: Record<string, unknown>) => ({ prompt: row.prompt, chosen: row.chosen, rejected: row.rejected });

describe.each(["JSONL", "CSV", "PARQUET"] as const)("round trip, %s", (fileType) => {
  it("SFT: importing our SFT export and exporting it again with imported answers gives the same messages", async () => {
    const file = await exportDataset(fixture.datasetId, "SFT", fileType);
    const first = await rowsOf(file);
    expect(first.length).toBeGreaterThanOrEqual(4);
    const imported = await importAsDataset(file);
    const again = await rowsOf(await exportDataset(imported.id, "SFT", fileType, { importedAnswers: true }));
    expect(sorted(again)).toEqual(sorted(first));
    // without the option, an SFT export reads only chains, and the imported dataset has none
    expect(await rowsOf(await exportDataset(imported.id, "SFT", fileType))).toEqual([]);
  });

  it("PREFERENCE: importing our preference export and exporting it again gives the same prompt, chosen and rejected", async () => {
    const file = await exportDataset(fixture.datasetId, "PREFERENCE", fileType);
    const first = await rowsOf(file);
    expect(first.length).toBeGreaterThanOrEqual(5);
    const imported = await importAsDataset(file);
    const again = await rowsOf(await exportDataset(imported.id, "PREFERENCE", fileType));
    expect(sorted(again.map(pairOf))).toEqual(sorted(first.map(pairOf)));
    // the legitimate differences: the imported preference is a person's (the file's), all of it
    for (const row of again) expect(row).toMatchObject({ label_source: "human", principle_ids: [] });
    expect(again.map((row) => Number(row.soft_label))).toEqual(again.map(() => 1));

    // ...and what the first export said of each pair is kept with the imported label
    const { rows: notes } = await pgPool().query<{ note: string }>(
      `SELECT h.note FROM "HumanLabel" h JOIN "Comparison" c ON c.id = h."comparisonId" JOIN "Prompt" p ON p.id = c."promptId"
       WHERE p."datasetId" = $1`,
      [imported.id],
    );
    const expectedNotes = first.map((row) => {
      const parts = [`soft_label: ${row.soft_label}`, `label_source: ${row.label_source}`];
      const principles = row.principle_ids as string[];
      if (principles.length > 0) parts.push(`principle_ids: ${principles.join(", ")}`);
      if (row.judge_endpoint) parts.push(`judge_endpoint: ${row.judge_endpoint}`);
      if (row.judge_model) parts.push(`judge_model: ${row.judge_model}`);
      parts.push(`comparison_id: ${row.comparison_id}`);
      return `From the file: ${parts.join("; ")}`;
    });
    expect(notes.map((n) => n.note).sort()).toEqual(expectedNotes.sort());
  });
});
