import { expect, test, type Page } from "@playwright/test";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { apiPost } from "./auth";
import { FAKE_LLM_URL, FIXTURES, importThroughBrowser, queryE2eDatabase, uniqueDataset } from "./helpers";
import { startReceiver } from "../test/webhooks/receiver";

// The API as a script meets it: tokens made in Settings, then the README's own examples run as
// they are, the curl one with bash and the Python one with python3, against this studio: each
// starts a labeling run with a reviewer's token, waits for it and downloads the export of its
// verdicts. A viewer's token is refused the same POST (403), a revoked token gets 401, Settings
// shows each token's uses by route, and a webhook receiver hears the run succeed, signed.

const ROOT = path.resolve(import.meta.dirname, "..");
const run = promisify(execFile);

async function pairsToLabel(page: Page, baseURL: string) {
  const dataset = uniqueDataset("e2e-api");
  await importThroughBrowser(page, path.join(FIXTURES, "sl-chains.jsonl"), dataset);
  const [{ id: datasetId }] = await queryE2eDatabase<{ id: number }>(`SELECT id FROM "Dataset" WHERE name = $1`, [dataset]);
  expect(await (await apiPost(page.request, baseURL, "/api/pairs", { mode: "chain", datasetId, points: "initial-final" })).json()).toMatchObject({ created: 3 });
  const endpoint = await apiPost(page.request, baseURL, "/api/endpoints", { name: uniqueDataset("e2e-api-judge"), kind: "OPENAI_COMPATIBLE", baseUrl: FAKE_LLM_URL, model: "fake-model" });
  const [{ id: versionId }] = await queryE2eDatabase<{ id: number }>(
    `SELECT v.id FROM "ConstitutionVersion" v JOIN "Constitution" c ON c.id = v."constitutionId" WHERE c.name = 'Studio default' ORDER BY v.version DESC LIMIT 1`,
  );
  return { DATASET_ID: String(datasetId), ENDPOINT_ID: String(((await endpoint.json()) as { id: number }).id), CONSTITUTION_VERSION_ID: String(versionId) };
}

/** Makes a token in Settings and reads its secret from where the page shows it, once. */
async function tokenFromSettings(page: Page, name: string, role: "viewer" | "reviewer"): Promise<string> {
  await page.goto("/settings#api-tokens");
  const form = page.getByRole("form", { name: "New API token" });
  await form.getByLabel("Token name").fill(name);
  await form.getByLabel("Token role").selectOption({ label: role });
  await form.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Token “${name}” made` })).toBeVisible();
  const secret = await page.getByLabel("New token").inputValue();
  expect(secret).toMatch(/^cai_/);
  return secret;
}

async function curl(baseURL: string, token: string, method: string, url: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const args = ["--silent", "--write-out", "\n%{http_code}", "-X", method, "-H", `Authorization: Bearer ${token}`, "-H", "content-type: application/json", `${baseURL}${url}`];
  if (body !== undefined) args.push("-d", JSON.stringify(body));
  const { stdout } = await run("curl", args);
  const lines = stdout.trimEnd().split("\n");
  return { status: Number(lines.pop()), body: JSON.parse(lines.join("\n")) };
}

/**
 * What an example downloaded is the export run's files as its manifest lists them, byte for byte,
 * and the preference file holds one row per pair the manifest says it wrote (a tie has no chosen
 * answer: the export leaves it out and counts it).
 */
async function expectExportDownloaded(baseURL: string, token: string, files: Record<string, Buffer>) {
  const [{ id }] = await queryE2eDatabase<{ id: number }>(`SELECT max(id) AS id FROM "ExportRun"`);
  const run = (await curl(baseURL, token, "GET", `/api/export-runs/${id}`)).body as {
    manifest: { files: { name: string; sha256: string }[]; counts: { selected: number; written: number; leftOut: Record<string, number> } };
  };
  expect(Object.keys(files).sort()).toEqual(run.manifest.files.map((file) => file.name).sort());
  for (const file of run.manifest.files) expect(createHash("sha256").update(files[file.name]!).digest("hex"), file.name).toBe(file.sha256);
  expect(files["README.md"]!.toString()).toMatch(/^---\n/);
  const { counts } = run.manifest;
  expect(counts.selected).toBe(3);
  expect(counts.written + Object.values(counts.leftOut).reduce((a, b) => a + b, 0)).toBe(3);
  const rows = files["preference.jsonl"]!.toString()
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(rows).toHaveLength(counts.written);
  expect(rows.every((row) => row.chosen !== undefined && row.rejected !== undefined)).toBe(true);
  return counts;
}

/** Runs an example script from examples/ against this studio, as its README shows; answers what it wrote. */
async function runExample(command: string, script: string, env: Record<string, string>): Promise<{ stdout: string; files: Record<string, Buffer> }> {
  const out = mkdtempSync(path.join(tmpdir(), "cai-api-example-"));
  const { stdout } = await run(command, [path.join(ROOT, "examples", script)], { env: { ...process.env, ...env, OUT: out }, timeout: 120_000 });
  return { stdout, files: Object.fromEntries(readdirSync(out).map((name) => [name, readFileSync(path.join(out, name))])) };
}

test("a reviewer's token runs the curl example: a labeling run started, waited for and its export downloaded, a webhook told; a viewer's token is refused it, a revoked one gets 401", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const ids = await pairsToLabel(page, baseURL!);
  const reviewerToken = await tokenFromSettings(page, uniqueDataset("curl example"), "reviewer");
  const viewerToken = await tokenFromSettings(page, uniqueDataset("viewer script"), "viewer");
  const receiver = await startReceiver();
  const hook = await apiPost(page.request, baseURL!, "/api/webhooks", { url: receiver.url, events: ["run.succeeded"], description: "e2e: the curl example's run" });
  expect(hook.status(), await hook.text()).toBe(201);
  receiver.secret = ((await hook.json()) as { secret: string }).secret;

  const { stdout, files } = await runExample("bash", "label-and-export.sh", { STUDIO: baseURL!, CAI_TOKEN: reviewerToken, ...ids });
  const runId = Number(/labeling run (\d+) SUCCEEDED/.exec(stdout)?.[1]);
  expect(runId, stdout).toBeGreaterThan(0);
  // the webhook: one signed run.succeeded for this run, sent by the studio's worker
  await expect.poll(() => receiver.about("runId", runId).length, { timeout: 30_000 }).toBe(1);
  const [told] = receiver.about("runId", runId);
  expect(told!.valid).toBe(true);
  expect(JSON.parse(told!.body)).toMatchObject({ type: "run.succeeded", data: { runId, kind: "LABEL", status: "SUCCEEDED", items: { total: 3, done: 3 } } });
  await receiver.close();
  await expectExportDownloaded(baseURL!, reviewerToken, files);

  const asViewer = await curl(baseURL!, viewerToken, "POST", "/api/labels/runs", {
    datasetId: Number(ids.DATASET_ID),
    endpointId: Number(ids.ENDPOINT_ID),
    constitutionVersionId: Number(ids.CONSTITUTION_VERSION_ID),
  });
  expect(asViewer).toEqual({ status: 403, body: { error: "this needs the reviewer role (you are a viewer)", fields: [] } });
  expect((await curl(baseURL!, viewerToken, "GET", "/api/runs")).status).toBe(200);

  // Settings (loaded afresh: the page is still the one the tokens were made on): the reviewer
  // token's uses by route, then revoked there
  await page.goto("/prompts");
  await page.goto("/settings#api-tokens");
  const tokens = page.getByRole("table", { name: "API tokens" });
  const row = tokens.getByRole("row").filter({ hasText: "curl example" });
  await expect(row).toContainText("POST /api/labels/runs × 1");
  await expect(row).toContainText("POST /api/exports/{id}/runs × 1");
  page.once("dialog", (dialog) => void dialog.accept());
  await row.getByRole("button", { name: /^Revoke/ }).click();
  await expect(row).toContainText("revoked");
  expect(await curl(baseURL!, reviewerToken, "GET", "/api/runs")).toEqual({ status: 401, body: { error: "this API token was revoked", fields: [] } });
});

test("the Python example (standard library only) does the same with python3", async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  const ids = await pairsToLabel(page, baseURL!);
  const token = await tokenFromSettings(page, uniqueDataset("python example"), "reviewer");
  const { stdout, files } = await runExample("python3", "label_and_export.py", { STUDIO: baseURL!, CAI_TOKEN: token, ...ids });
  expect(stdout).toMatch(/labeling run \d+ SUCCEEDED: 3 of 3 pairs judged/);
  const counts = await expectExportDownloaded(baseURL!, token, files);
  expect(stdout).toContain(`${counts.written} of 3 pairs written`);
  expect(stdout).toMatch(/downloaded .*preference\.jsonl: \d+ bytes/);
});

test("the API document and its reference page describe every route", async ({ page, request }) => {
  const document = (await (await request.get("/api/openapi.json")).json()) as { openapi: string; paths: Record<string, unknown> };
  expect(document.openapi).toBe("3.1.0");
  expect(Object.keys(document.paths)).toContain("/api/labels/runs");
  await page.goto("/api-reference");
  await expect(page.getByRole("heading", { name: "API reference", level: 1 })).toBeVisible();
  const labelRuns = page.locator("article", { has: page.getByRole("heading", { name: "POST /api/labels/runs" }) });
  await expect(labelRuns).toContainText("Needs the reviewer role or above.");
  await expect(labelRuns).toContainText("constitutionVersionId");
});
