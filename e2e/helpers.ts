import { expect, type Page } from "@playwright/test";
import path from "node:path";

export const FIXTURES = path.join(import.meta.dirname, "../test/fixtures");

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
