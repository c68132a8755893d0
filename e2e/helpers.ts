import { expect, type Page } from "@playwright/test";
import path from "node:path";
import pg from "pg";

export const FIXTURES = path.join(import.meta.dirname, "../test/fixtures");

/** The fake model provider playwright.config.ts starts, as an endpoint's base URL. */
export const FAKE_LLM_URL = `http://127.0.0.1:${process.env.E2E_FAKE_LLM_PORT ?? 3101}/v1`;

/** The e2e server's database (scripts/e2e-server.ts recreates it on every run). */
export const E2E_DATABASE_URL = process.env.E2E_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/cai_studio_e2e";

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

export function uniqueDataset(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

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
