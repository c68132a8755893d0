import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pgPool } from "@/lib/server/pg";

export const FIXTURES = path.join(import.meta.dirname, "../fixtures");

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

const tempDirs: string[] = [];
process.on("exit", () => tempDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Writes a file into a fresh temporary directory (removed when the test process ends). */
export function tempFile(name: string, content: string | Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), "cai-test-"));
  tempDirs.push(dir);
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

export function jsonl(rows: unknown[]): string {
  return rows.map((r) => JSON.stringify(r)).join("\n") + "\n";
}

/** Row counts of everything an import can write, for one dataset. */
export async function datasetCounts(datasetName: string) {
  const { rows } = await pgPool().query(
    `SELECT
       (SELECT count(*) FROM "Prompt" p JOIN "Dataset" d ON d.id = p."datasetId" WHERE d.name = $1)::int AS prompts,
       (SELECT count(*) FROM "Response" r JOIN "Prompt" p ON p.id = r."promptId" JOIN "Dataset" d ON d.id = p."datasetId" WHERE d.name = $1)::int AS responses,
       (SELECT count(*) FROM "Chain" c JOIN "Prompt" p ON p.id = c."promptId" JOIN "Dataset" d ON d.id = p."datasetId" WHERE d.name = $1)::int AS chains,
       (SELECT count(*) FROM "ChainStep" s JOIN "Chain" c ON c.id = s."chainId" JOIN "Prompt" p ON p.id = c."promptId" JOIN "Dataset" d ON d.id = p."datasetId" WHERE d.name = $1)::int AS steps,
       (SELECT count(*) FROM "Comparison" c JOIN "Prompt" p ON p.id = c."promptId" JOIN "Dataset" d ON d.id = p."datasetId" WHERE d.name = $1)::int AS comparisons,
       (SELECT count(*) FROM "HumanLabel" h JOIN "Comparison" c ON c.id = h."comparisonId" JOIN "Prompt" p ON p.id = c."promptId" JOIN "Dataset" d ON d.id = p."datasetId" WHERE d.name = $1)::int AS "humanLabels",
       (SELECT count(*) FROM "Score" s JOIN "Response" r ON r.id = s."responseId" JOIN "Prompt" p ON p.id = r."promptId" JOIN "Dataset" d ON d.id = p."datasetId" WHERE d.name = $1)::int AS scores`,
    [datasetName],
  );
  return rows[0] as Record<"prompts" | "responses" | "chains" | "steps" | "comparisons" | "humanLabels" | "scores", number>;
}
