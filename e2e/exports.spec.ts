import { expect, test, type Download, type Locator, type Page } from "@playwright/test";
import { parse as parseCsv } from "csv-parse/sync";
import { asyncBufferFromFile, parquetReadObjects } from "hyparquet";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { apiPost, pageAs } from "./auth";
import { datasetIdByName, importThroughBrowser, queryE2eDatabase, uniqueDataset } from "./helpers";

// The browser test: chains imported through the browser, an SFT export defined in the form
// with a filter (revision 2: chains with fewer steps are left out), its preview count and first row,
// saved, run by the e2e server's worker, watched to the end, and its file downloaded and checked
// against the stored chains: the row count, a row's content, the sha256 the page shows; edited and
// run again as CSV; a viewer sees the runs and downloads but no buttons to change or run anything. Then a preference export of
// imported pairs as CSV, an H4 export as Parquet read back, and a run's progress while it writes.

const FIXTURES = path.join(import.meta.dirname, "fixtures");

/** Saves the export in the form that is open, runs it from its page and waits for it to finish. */
async function saveRunAndWait(page: Page, name: string): Promise<{ exportId: number; run: Locator }> {
  await page.getByRole("button", { name: "Save export" }).click();
  await expect(page).toHaveURL(/\/exports\/\d+$/);
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  const exportId = Number(/\/exports\/(\d+)$/.exec(page.url())![1]);
  await expect(page.getByText("Not run yet.")).toBeVisible();
  await page.getByRole("button", { name: "Run export" }).click();
  const run = page.getByRole("listitem", { name: /^Export run \d+$/ });
  await expect(run).toHaveCount(1);
  await expect(run.getByText("finished", { exact: true })).toBeVisible({ timeout: 60_000 });
  return { exportId, run };
}

async function download(page: Page, run: Locator, file: string): Promise<{ download: Download; bytes: Buffer }> {
  const [downloaded] = await Promise.all([page.waitForEvent("download"), run.getByRole("link", { name: file }).click()]);
  return { download: downloaded, bytes: await readFile((await downloaded.path())!) };
}

test("define an SFT export in the browser, preview it, run it, watch it finish and download the file", async ({ page }) => {
  const dataset = uniqueDataset("e2e-export-chains");
  await importThroughBrowser(page, path.join(FIXTURES, "export-chains.jsonl"), dataset);
  // what the export must hold: each chain with at least two steps, its second revision, in chain order
  const expected = await queryE2eDatabase<{ prompt: string; answer: string }>(
    `SELECT p.turns->-1->>'content' AS prompt, r.text AS answer
     FROM "Chain" c JOIN "Prompt" p ON p.id = c."promptId" JOIN "ChainStep" s ON s."chainId" = c.id AND s.index = 2 JOIN "Response" r ON r.id = s."revisionId"
     WHERE p."datasetId" = $1 ORDER BY c.id`,
    [await datasetIdByName(dataset)],
  );
  expect(expected).toHaveLength(4); // of the 6 chains, 2 have one step only

  await page.goto("/exports");
  await page.getByRole("link", { name: "New export" }).click();
  await expect(page.getByRole("heading", { name: "New export", level: 1 })).toBeVisible();
  const form = page.getByRole("form", { name: "New export" });
  const name = `SFT second revisions ${dataset}`;
  await form.getByLabel("Name", { exact: true }).fill(name);
  await expect(form.getByLabel("Layout")).toHaveValue("SFT");
  await form
    .getByRole("group", { name: /^Datasets/ })
    .getByLabel(dataset, { exact: true })
    .check();
  await form.getByLabel("Revision number…").check();
  await form.getByLabel(/^Revision index/).fill("2");
  // the paper's boilerplate is suggested as a phrase to leave out
  await expect(form.getByLabel("Leave out answers containing any of these phrases")).toHaveValue("you are valid, valued, and cared for");

  const preview = page.getByRole("region", { name: "Preview" });
  await expect(preview.getByRole("status")).toContainText("This definition selects 4 rows");
  const firstRow = preview.getByRole("list", { name: "Preview rows" }).getByRole("listitem").first();
  await expect(firstRow).toContainText(JSON.stringify(expected[0].answer));
  // model text shown as text: the revision's markup is written out, never rendered
  await expect(preview.getByRole("list", { name: "Preview rows" })).toContainText("<b>not bold</b>");
  await expect(preview.locator("b")).toHaveCount(0);

  const { exportId, run } = await saveRunAndWait(page, name);
  await expect(run).toContainText("4 rows");
  await expect(run).toContainText("started by admin@e2e.test");
  const { download: file, bytes } = await download(page, run, "sft.jsonl");
  expect(file.suggestedFilename()).toMatch(/^export-run-\d+-sft\.jsonl$/);
  const rows = bytes
    .toString("utf8")
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line) as { messages: { role: string; content: string }[] });
  expect(rows).toHaveLength(expected.length);
  expect(rows[0].messages).toEqual([
    { role: "user", content: expected[0].prompt },
    { role: "assistant", content: expected[0].answer },
  ]);
  expect(rows.map((row) => row.messages.at(-1)!.content)).toEqual(expected.map((row) => row.answer));
  // the page shows the manifest's sha256 of what was downloaded
  await expect(run.getByRole("row", { name: /sft\.jsonl/ })).toContainText(createHash("sha256").update(bytes).digest("hex"));
  await run.getByText("Manifest", { exact: true }).click();
  await expect(run.getByLabel(/^Manifest of export run/)).toContainText(`"exportId": ${exportId}`);

  // edited and run again: a second run in CSV, the first keeps its JSONL file
  await page.getByRole("link", { name: "Edit" }).click();
  const edit = page.getByRole("form", { name: "Edit export" });
  await expect(edit.getByLabel(/^Revision index/)).toHaveValue("2");
  await edit.getByLabel("File type").selectOption("CSV");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(page).toHaveURL(new RegExp(`/exports/${exportId}$`));
  await expect(page.getByText(/SFT · CSV · made by/)).toBeVisible();
  await page.getByRole("button", { name: "Run export" }).click();
  const runs = page.getByRole("listitem", { name: /^Export run \d+$/ });
  await expect(runs).toHaveCount(2);
  await expect(runs.first().getByText("finished", { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(runs.first().getByRole("link", { name: "sft.csv" })).toBeVisible();
  await expect(runs.nth(1).getByRole("link", { name: "sft.jsonl" })).toBeVisible();

  // the list says who made it and how its last run went
  await page.goto("/exports");
  const listed = page.getByRole("row", { name: new RegExp(name) });
  await expect(listed).toContainText("admin@e2e.test");
  await expect(listed).toContainText("finished");
  await expect(listed.getByRole("cell", { name: "4", exact: true })).toBeVisible();

  // the audit trail has the export and its runs, each linked to where it is shown
  await page.goto(`/audit?entityType=export&entityId=${exportId}`);
  await page
    .getByRole("link", { name: `export #${exportId}` })
    .first()
    .click();
  await expect(page).toHaveURL(new RegExp(`/exports/${exportId}$`));
  await page.goto("/audit?entityType=exportRun");
  const runEntry = page.getByRole("row", { name: /export\.run/ }).first();
  const runId = Number(/#(\d+)/.exec((await runEntry.getByRole("link").textContent())!)![1]);
  await runEntry.getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/exports/${exportId}#run-${runId}$`));
  await expect(page.locator(`#run-${runId}`)).toContainText(`Run #${runId}`);

  // a viewer follows and downloads it, with no button to edit or run it
  const viewer = await pageAs(page.context().browser()!, "viewer");
  try {
    await viewer.goto(`/exports/${exportId}`);
    await expect(viewer.getByRole("heading", { name, level: 1 })).toBeVisible();
    await expect(viewer.getByRole("button", { name: "Run export" })).toHaveCount(0);
    await expect(viewer.getByRole("link", { name: "Edit" })).toHaveCount(0);
    const viewerRun = viewer.getByRole("listitem", { name: /^Export run \d+$/ });
    const again = await download(viewer, viewerRun, "sft.jsonl");
    expect(again.bytes.equals(bytes)).toBe(true);
    await viewer.goto("/exports");
    await expect(viewer.getByRole("link", { name: "New export" })).toHaveCount(0);
  } finally {
    await viewer.context().close();
  }
});

test("a preference export of imported pairs as CSV, with people's choices as the labels and a phrase left out", async ({ page }) => {
  const dataset = uniqueDataset("e2e-export-pairs");
  await importThroughBrowser(page, path.join(FIXTURES, "export-pairs.jsonl"), dataset);
  const expected = await queryE2eDatabase<{ chosen: string }>(
    `SELECT r.text AS chosen FROM "Comparison" k JOIN "Prompt" p ON p.id = k."promptId"
       JOIN "HumanLabel" h ON h."comparisonId" = k.id
       JOIN "Response" r ON r.id = CASE WHEN h.choice = 'A' THEN k."responseAId" ELSE k."responseBId" END
     WHERE p."datasetId" = $1 ORDER BY k.id`,
    [await datasetIdByName(dataset)],
  );
  expect(expected).toHaveLength(3);

  await page.goto("/exports/new");
  const form = page.getByRole("form", { name: "New export" });
  const name = `Preferences ${dataset}`;
  await form.getByLabel("Name", { exact: true }).fill(name);
  await form.getByLabel("Layout").selectOption("PREFERENCE");
  await form.getByLabel("File type").selectOption("CSV");
  await form
    .getByRole("group", { name: /^Datasets/ })
    .getByLabel(dataset, { exact: true })
    .check();
  await form.getByLabel("Only pairs a person has answered (A, B or tie)").check();
  // one pair's chosen answer says this (any case): that pair is left out as the rows stream
  await form.getByLabel("Leave out answers containing any of these phrases").fill("HAND IT IN TO THE POLICE");
  await expect(page.getByRole("region", { name: "Preview" }).getByRole("status")).toContainText("selects 3 rows before the answers left out by their text");

  const { run } = await saveRunAndWait(page, name);
  await expect(run).toContainText("2 rows written of 3 selected (1 left out: 1 with a phrase)");
  const { bytes } = await download(page, run, "preference.csv");
  const rows = parseCsv(bytes, { columns: true }) as Record<string, string>[];
  expect(rows).toHaveLength(2);
  expect(Object.keys(rows[0])).toEqual(["prompt", "chosen", "rejected", "soft_label", "label_source", "principle_ids", "judge_endpoint", "judge_model", "comparison_id"]);
  expect(rows.map((row) => row.label_source)).toEqual(["human", "human"]);
  const kept = expected.map((row) => row.chosen).filter((chosen) => !/hand it in to the police/i.test(chosen));
  expect(kept).toHaveLength(2);
  expect(rows.map((row) => (JSON.parse(row.chosen) as { content: string }[])[0].content).sort()).toEqual(kept.sort());
});

test("an H4 CAI export as Parquet: four files, train and test splits of every chain, read back", async ({ page }) => {
  const dataset = uniqueDataset("e2e-export-h4");
  await importThroughBrowser(page, path.join(FIXTURES, "export-h4-chains.jsonl"), dataset);
  const expected = await queryE2eDatabase<{ prompt: string; initial: string; revision: string }>(
    `SELECT p.turns->-1->>'content' AS prompt, i.text AS initial, r.text AS revision
     FROM "Chain" c JOIN "Prompt" p ON p.id = c."promptId" JOIN "Response" i ON i.id = c."initialResponseId"
       JOIN LATERAL (SELECT s."revisionId" FROM "ChainStep" s WHERE s."chainId" = c.id ORDER BY s.index DESC LIMIT 1) last ON true
       JOIN "Response" r ON r.id = last."revisionId"
     WHERE p."datasetId" = $1`,
    [await datasetIdByName(dataset)],
  );
  expect(expected).toHaveLength(4);

  await page.goto("/exports/new");
  const form = page.getByRole("form", { name: "New export" });
  const name = `H4 ${dataset}`;
  await form.getByLabel("Name", { exact: true }).fill(name);
  await form.getByLabel("Layout").selectOption("H4_CAI");
  await form.getByLabel("File type").selectOption("PARQUET");
  await form
    .getByRole("group", { name: /^Datasets/ })
    .getByLabel(dataset, { exact: true })
    .check();
  await form.getByLabel("Test fraction").fill("0.5");
  await form.getByLabel("Seed").fill("7");
  await expect(page.getByRole("region", { name: "Preview" }).getByRole("status")).toContainText("selects 4 rows");

  const { run } = await saveRunAndWait(page, name);
  const files = run.getByRole("table", { name: /^Files of export run/ });
  const rowsOf = async (file: string) =>
    Number(
      (await files
        .getByRole("row", { name: new RegExp(file) })
        .getByRole("cell")
        .nth(1)
        .textContent())!.replace(/,/g, ""),
    );
  const counts = Object.fromEntries(await Promise.all(["train_sft", "test_sft", "train_prefs", "test_prefs"].map(async (file) => [file, await rowsOf(`${file}.parquet`)] as const)));
  // every chain goes to one split, in both its sft and its prefs file
  expect(counts.train_sft + counts.test_sft).toBe(4);
  expect([counts.train_prefs, counts.test_prefs]).toEqual([counts.train_sft, counts.test_sft]);

  const bigger = counts.train_sft >= counts.test_sft ? "train_sft" : "test_sft";
  const [downloaded] = await Promise.all([page.waitForEvent("download"), run.getByRole("link", { name: `${bigger}.parquet` }).click()]);
  const rows = (await parquetReadObjects({ file: await asyncBufferFromFile((await downloaded.path())!) })) as Record<string, unknown>[];
  expect(rows).toHaveLength(counts[bigger]);
  for (const row of rows) {
    const chain = expected.find((e) => e.prompt === row.init_prompt)!;
    expect(chain, String(row.init_prompt)).toBeDefined();
    expect(row).toMatchObject({ init_response: chain.initial, revision_response: chain.revision });
    expect(row.rejected).toEqual([
      { role: "user", content: chain.prompt },
      { role: "assistant", content: chain.initial },
    ]);
  }
});

test("a run in progress shows rows written of the total, the rate and the time left, then its error when it fails", async ({ page, baseURL }) => {
  const made = await apiPost(page.request, baseURL!, "/api/exports", { name: uniqueDataset("e2e-export-progress"), layout: "SFT", fileType: "JSONL" });
  expect(made.status()).toBe(201);
  const { id: exportId } = (await made.json()) as { id: number };
  // a run a worker holds: half written, started 20 s ago (the worker's own heartbeat keeps it its own)
  const [{ id: runId }] = await queryE2eDatabase<{ id: number }>(
    `INSERT INTO "ExportRun" ("exportId", status, definition, layout, "fileType", "totalRows", "rowsWritten", "claimedBy", "heartbeatAt", "startedAt")
     SELECT id, 'RUNNING', definition, layout, "fileType", 1000, 500, 'e2e-worker', now(), now() - interval '20 seconds' FROM "Export" WHERE id = $1 RETURNING id`,
    [exportId],
  );
  await page.goto(`/exports/${exportId}`);
  const run = page.getByRole("listitem", { name: `Export run ${runId}` });
  await expect(run.getByText("writing", { exact: true })).toBeVisible();
  await expect(run.getByRole("progressbar", { name: `Rows written by export run ${runId}` })).toHaveAttribute("aria-valuenow", "50");
  await expect(run).toContainText("500 of 1,000 rows");
  // 500 rows in the 20-odd seconds since it started: about 20 rows a second, and as long again left
  await expect(run).toContainText(/(1\d|2\d) rows\/s · time left about \d+s/);

  await queryE2eDatabase(`UPDATE "ExportRun" SET status = 'FAILED', error = $2, "finishedAt" = now() WHERE id = $1`, [runId, `export run ${runId}: disk full`]);
  await expect(run.getByRole("alert")).toHaveText(`export run ${runId}: disk full`);
  await expect(run.getByText("failed", { exact: true })).toBeVisible();
  await expect(run.getByRole("progressbar")).toHaveCount(0);
});

test("a writing export is cancelled from its card: it says so and stops showing progress", async ({ page, baseURL }) => {
  const made = await apiPost(page.request, baseURL!, "/api/exports", { name: uniqueDataset("e2e-export-cancel"), layout: "SFT", fileType: "JSONL" });
  const { id: exportId } = (await made.json()) as { id: number };
  // a run a worker holds (its heartbeat is fresh: no other worker takes it over meanwhile)
  const [{ id: runId }] = await queryE2eDatabase<{ id: number }>(
    `INSERT INTO "ExportRun" ("exportId", status, definition, layout, "fileType", "totalRows", "rowsWritten", "claimedBy", "heartbeatAt", "startedAt")
     SELECT id, 'RUNNING', definition, layout, "fileType", 1000, 200, 'e2e-worker', now(), now() FROM "Export" WHERE id = $1 RETURNING id`,
    [exportId],
  );
  await page.goto(`/exports/${exportId}`);
  const run = page.getByRole("listitem", { name: `Export run ${runId}` });
  await expect(run.getByText("writing", { exact: true })).toBeVisible();
  await run.getByRole("button", { name: "Cancel export" }).click();
  await expect(run.getByText("cancelled", { exact: true })).toBeVisible();
  await expect(run.getByRole("progressbar")).toHaveCount(0);
  await expect(run.getByRole("button", { name: "Cancel export" })).toHaveCount(0);
  const [row] = await queryE2eDatabase<{ status: string }>(`SELECT status::text FROM "ExportRun" WHERE id = $1`, [runId]);
  expect(row.status).toBe("CANCELLED");
});
