import { expect, type Locator, type Page } from "@playwright/test";
import path from "node:path";
import pg from "pg";
import { E2E_DATABASE_URL } from "./database";

export const FIXTURES = path.join(import.meta.dirname, "../test/fixtures");

/** The fake model provider playwright.config.ts starts, as an endpoint's base URL. */
export const FAKE_LLM_URL = `http://127.0.0.1:${process.env.E2E_FAKE_LLM_PORT ?? 3101}/v1`;

export { E2E_DATABASE_URL } from "./database";

/** One query on the e2e database, to check what the browser did against the stored rows. */
export async function queryE2eDatabase<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: E2E_DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/**
 * Gives every response of the dataset's chains an IMPORTED "pm_score": the initial answer gets the
 * chain's ordinal (1, 2, ... in chain order), revision k the SQL `revision` of c.ordinal and st.index (k).
 */
export async function scoreChains(datasetId: number, revision = "c.ordinal + st.index / 2.0") {
  await queryE2eDatabase(
    `WITH c AS (SELECT c.id, c."initialResponseId", row_number() OVER (ORDER BY c.id) AS ordinal FROM "Chain" c JOIN "Prompt" p ON p.id = c."promptId" WHERE p."datasetId" = $1)
     INSERT INTO "Score" ("responseId", source, name, value)
     SELECT "initialResponseId", 'IMPORTED'::"ScoreSource", 'pm_score', ordinal FROM c
     UNION ALL
     SELECT st."revisionId", 'IMPORTED', 'pm_score', ${revision} FROM c JOIN "ChainStep" st ON st."chainId" = c.id`,
    [datasetId],
  );
}

export function uniqueDataset(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

/** A dataset's id by its name. */
export async function datasetIdByName(name: string): Promise<number> {
  const [row] = await queryE2eDatabase<{ id: number }>(`SELECT id FROM "Dataset" WHERE name = $1`, [name]);
  return row.id;
}

/** Imports the paper's SL-CAI chains (test/fixtures/sl-chains.jsonl) through the browser as a new dataset. */
export async function importChains(page: Page, prefix: string): Promise<{ id: number; name: string }> {
  const name = uniqueDataset(prefix);
  await importThroughBrowser(page, path.join(FIXTURES, "sl-chains.jsonl"), name);
  return { id: await datasetIdByName(name), name };
}

/**
 * A finished labeling run on the dataset, written straight into the database, and the first
 * principle its chains used (by step id), for tests to write that run's labels with.
 */
export async function labelRunWithFirstPrinciple(datasetId: number, prefix: string): Promise<{ runId: number; principleId: number; key: string }> {
  const [run] = await queryE2eDatabase<{ runId: number; principleId: number; key: string }>(
    `WITH r AS (INSERT INTO "Run" (kind, name, status, "datasetId") VALUES ('LABEL', $2, 'SUCCEEDED', $1) RETURNING id)
     SELECT r.id AS "runId", pr.id AS "principleId", pr.key FROM r,
       (SELECT pr.id, pr.key FROM "ChainStep" st JOIN "Chain" c ON c.id = st."chainId" JOIN "Prompt" p ON p.id = c."promptId" JOIN "Principle" pr ON pr.id = st."principleId" WHERE p."datasetId" = $1 ORDER BY st.id LIMIT 1) pr`,
    [datasetId, uniqueDataset(prefix)],
  );
  return run;
}

/** Numbers as a chart table should show them, written here apart from the page's own formatting. */
export const n3 = (value: number | null) => (value === null ? "" : value.toFixed(3));
export const share = (value: number) => `${(value * 100).toFixed(1)}%`;

/** Imports a file through the import page and waits until it reports how it ended. */
export async function importThroughBrowser(page: Page, file: string, dataset: string) {
  await page.goto("/import");
  await page.getByLabel("File", { exact: true }).setInputFiles(file);
  await page.getByLabel("Dataset", { exact: true }).fill(dataset);
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByRole("heading", { name: /Import #\d+ finished|Import failed/ })).toBeVisible();
}

/** The import summary's section, once the import succeeded. */
export function importSummary(page: Page) {
  return page.getByRole("region", { name: /Import #\d+ finished/ });
}

/** Adds the endpoint in Settings and tests it there, as a researcher would before a run. */
export async function addEndpointInSettings(page: Page, name: string) {
  await page.goto("/settings");
  await page.getByRole("button", { name: "Add an endpoint" }).click();
  const form = page.getByRole("form", { name: "Add an endpoint" });
  await form.getByLabel("Name", { exact: true }).fill(name);
  await form.getByLabel("Base URL", { exact: true }).fill(FAKE_LLM_URL);
  await form.getByLabel("Model", { exact: true }).fill("fake-model");
  await form.getByRole("button", { name: "Add endpoint" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Saved ${name}.` })).toBeVisible();
  await page.getByRole("button", { name: `Test ${name}` }).click();
  await expect(page.getByRole("region", { name: `Test result for ${name}` })).toContainText("log-probs available");
}

/** A chart's numbers table as text, row by row; without its last column (its links) unless `hasLinkColumn` is false. */
export async function tableRows(table: Locator, hasLinkColumn = true): Promise<string[][]> {
  await expect(table).toBeVisible();
  const rows = await table.locator("tbody tr").evaluateAll((trs) => trs.map((row) => [...row.querySelectorAll("td")].map((cell) => cell.textContent ?? "")));
  return hasLinkColumn ? rows.map((r) => r.slice(0, -1)) : rows;
}
