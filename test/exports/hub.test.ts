import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as pushesRoute, POST as pushRoute } from "@/app/api/export-runs/[id]/push/route";
import { dataFiles, type ExportManifest } from "@/lib/cai/exports/manifest";
import { exportRequestSchema, type ExportFileTypeName, type ExportLayoutName } from "@/lib/schemas/exports";
import { listAudit } from "@/lib/server/audit/list";
import { createExport, createExportRun, getExportRun } from "@/lib/server/exports/definitions";
import { exportsDir } from "@/lib/server/exports/files";
import { createHubPush, getHubPush, runHubPush, type HubPushSummary } from "@/lib/server/exports/hub-pushes";
import { runExport } from "@/lib/server/exports/run";
import { pgPool } from "@/lib/server/pg";
import { requestWithSession, sessionFor } from "../auth/sessions";
import { startHubStandIn, type HubStandIn } from "../hub-stand-in";
import { readFrontMatter } from "../hub-stand-in/front-matter";
import { eventually, workerTestbed } from "../runs/harness";
import { freePort } from "../setup/free-port";
import { buildExportFixture, type ExportFixture } from "./fixture";

// Pushing export runs to the Hugging Face Hub, against the local stand-in (test/hub-stand-in) that
// answers what @huggingface/hub calls: a push asked for through the API is queued, a worker uploads
// it, and the stand-in holds the dataset card and data files byte for byte (large and binary files
// through LFS, small ones inline; manifest.json stays home). A missing token, a bad repo name, a
// viewer and an unfinished run are refused; a wrong token fails the push with a message that says
// so and holds no token, even when the Hub repeats the header.

process.env.CAI_DATA_DIR = mkdtempSync(path.join(tmpdir(), "cai-hub-push-"));
const TOKEN = "hf_standInToken0123456789";
const testbed = workerTestbed({ exportSlots: 1 });
let f: ExportFixture;
let hub: HubStandIn;

beforeAll(async () => {
  f = await buildExportFixture();
  // the fixture's H4 train files are about 3 KB, its test files about 2 KB: both ways of uploading
  hub = await startHubStandIn({ token: TOKEN, lfsFrom: 2500 });
  process.env.HF_TOKEN = TOKEN;
  process.env.HF_ENDPOINT = hub.url;
});
afterAll(async () => {
  await hub.close();
  rmSync(process.env.CAI_DATA_DIR!, { recursive: true, force: true });
});

const BASE = "http://studio.test";
const params = (id: number) => ({ params: Promise.resolve({ id: String(id) }) });
const post = (cookie: string, id: number, body: unknown) =>
  pushRoute(requestWithSession(cookie, `${BASE}/api/export-runs/${id}/push`, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } }), params(id));

async function finishedRun(layout: ExportLayoutName, fileType: ExportFileTypeName) {
  const request = exportRequestSchema.parse({
    name: `hub ${layout} ${fileType} ${f.tag} ${Math.random()}`,
    layout,
    fileType,
    definition: { datasetIds: [f.datasetId, f.otherDatasetId], revision: "all", testFraction: 0.5, seed: 7 },
  });
  const saved = await createExport(pgPool(), request, { actor: "test" });
  const queued = await createExportRun(pgPool(), saved.id, { actor: "test" });
  await runExport(pgPool(), queued.id, { worker: "test" });
  const run = (await getExportRun(pgPool(), queued.id))!;
  expect(run.status, run.error ?? "").toBe("SUCCEEDED");
  return { run, manifest: run.manifest as ExportManifest, dir: path.join(exportsDir(), run.directory!) };
}

/** The stand-in holds exactly the run's listed files (card and data, not manifest.json), byte for byte. */
function expectPushed(repo: string, manifest: ExportManifest, dir: string) {
  const held = hub.repos.get(repo)!;
  expect([...held.files.keys()].sort()).toEqual(manifest.files.map((file) => file.name).sort());
  expect(held.files.has("manifest.json")).toBe(false);
  for (const file of manifest.files) expect(held.files.get(file.name)!.equals(readFileSync(path.join(dir, file.name))), file.name).toBe(true);
  return held;
}

describe("pushing an export run to the Hub", () => {
  it("through the API: queued at once, pushed by a worker, the stand-in holds the card and files; pushing again adds a commit", async () => {
    const { run, manifest, dir } = await finishedRun("H4_CAI", "JSONL");
    const reviewer = await sessionFor("REVIEWER");
    const repo = `cai-org/h4-${f.tag}`;
    const answer = await post(reviewer.cookie, run.id, { repo, private: true });
    expect(answer.status).toBe(202);
    const queued = (await answer.json()) as HubPushSummary;
    expect(queued).toMatchObject({ exportRunId: run.id, repo, private: true, status: "QUEUED", createdBy: reviewer.user.email, datasetUrl: null });

    await testbed.startWorker();
    const list = async () => (await (await pushesRoute(requestWithSession(reviewer.cookie, `${BASE}/api/export-runs/${run.id}/push`), params(run.id))).json()) as HubPushSummary[];
    const [done] = await eventually(list, ([push]) => push.status === "SUCCEEDED" || push.status === "FAILED");
    expect(done, done.error ?? "").toMatchObject({ id: queued.id, status: "SUCCEEDED", error: null, datasetUrl: `${hub.url}/datasets/${repo}` });
    expect(done.commitUrl).toBe(`${hub.url}/datasets/${repo}/commit/${done.commitOid}`);

    const held = expectPushed(repo, manifest, dir);
    expect(held.visibility).toBe("private");
    expect(held.commits).toHaveLength(1);
    expect(held.commits[0].title).toContain(`export run #${run.id}`);
    // the large files went through LFS, the small ones inline
    expect(held.commits[0].lfs).toEqual(expect.arrayContaining(["train_sft.jsonl", "train_prefs.jsonl"]));
    expect(held.commits[0].inline).toEqual(expect.arrayContaining(["test_sft.jsonl", "test_prefs.jsonl"]));
    expect(hub.unexpected).toEqual([]);
    const { header } = readFrontMatter(held.files.get("README.md")!.toString("utf8"));
    expect(header.configs).toEqual([{ config_name: "default", data_files: dataFiles(manifest).map((file) => ({ split: file.name.replace(".jsonl", ""), path: file.name })) }]);

    // the repo exists now: a second push commits to it as it is
    expect((await post(reviewer.cookie, run.id, { repo, private: false })).status).toBe(202);
    await eventually(list, ([push]) => push.status === "SUCCEEDED");
    expect(hub.repos.get(repo)!.commits).toHaveLength(2);
    expect(hub.repos.get(repo)!.visibility).toBe("private");

    const audit = await listAudit({ entityType: "exportRun", entityId: String(run.id), action: "export.push", limit: 10 });
    expect(audit.rows.map((row) => row.after)).toEqual([
      { hubPushId: expect.any(Number), repo, private: false },
      { hubPushId: queued.id, repo, private: true },
    ]);
  });

  it("uploads Parquet files through LFS, byte for byte (the command line's way: in-process, no queue)", async () => {
    const { run, manifest, dir } = await finishedRun("H4_CAI", "PARQUET");
    const repo = `cai-org/h4-parquet-${f.tag}`;
    const push = await createHubPush(pgPool(), run.id, { repo, private: false }, { actor: "test" }, { queue: false });
    await runHubPush(pgPool(), push.id, { worker: "test" });
    expect(await getHubPush(pgPool(), push.id)).toMatchObject({ status: "SUCCEEDED", createdBy: "test" });
    const held = expectPushed(repo, manifest, dir);
    expect(held.visibility).toBe("public");
    expect(held.commits[0].lfs).toEqual(expect.arrayContaining(dataFiles(manifest).map((file) => file.name)));
  });

  it("takes over a push whose worker died (stale heartbeat): a worker's sweep queues it again and pushes it", async () => {
    const { run, manifest, dir } = await finishedRun("SFT", "JSONL");
    const repo = `cai-org/orphan-${f.tag}`;
    const push = await createHubPush(pgPool(), run.id, { repo, private: true }, { actor: "test" }, { queue: false });
    await pgPool().query(`UPDATE "HubPush" SET status = 'RUNNING', "claimedBy" = 'dead worker', "heartbeatAt" = now() - interval '5 minutes', attempts = 1 WHERE id = $1`, [push.id]);
    await testbed.startWorker();
    const done = await eventually(
      () => getHubPush(pgPool(), push.id),
      (p) => p!.status === "SUCCEEDED" || p!.status === "FAILED",
    );
    expect(done, done!.error ?? "").toMatchObject({ status: "SUCCEEDED" });
    expectPushed(repo, manifest, dir);
  });

  it("a run written before runs had dataset cards gets one made from its manifest", async () => {
    const { run, manifest } = await finishedRun("PREFERENCE", "JSONL");
    await pgPool().query(`UPDATE "ExportRun" SET manifest = jsonb_set(manifest, '{files}', (manifest->'files') - (jsonb_array_length(manifest->'files') - 1)) WHERE id = $1`, [run.id]);
    const repo = `cai-org/old-${f.tag}`;
    const push = await createHubPush(pgPool(), run.id, { repo, private: true }, { actor: "test" }, { queue: false });
    await runHubPush(pgPool(), push.id, { worker: "test" });
    expect(await getHubPush(pgPool(), push.id)).toMatchObject({ status: "SUCCEEDED" });
    const held = hub.repos.get(repo)!;
    expect([...held.files.keys()].sort()).toEqual(["README.md", "preference.jsonl"]);
    const { header, body } = readFrontMatter(held.files.get("README.md")!.toString("utf8"));
    expect(header.pretty_name).toBe(manifest.exportName);
    expect(body).toContain(`- judge-model-1 via endpoint judge1-${f.tag}`);
  });

  it("refuses a push without HF_TOKEN, to a repo name the Hub would refuse, by a viewer, and of a run that has not finished", async () => {
    const { run } = await finishedRun("SFT", "JSONL");
    const [reviewer, viewer] = await Promise.all([sessionFor("REVIEWER"), sessionFor("VIEWER")]);

    delete process.env.HF_TOKEN;
    try {
      const refused = await post(reviewer.cookie, run.id, { repo: "cai-org/sft" });
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { error: string }).error).toMatch(/^set HF_TOKEN to push to the Hub/);
    } finally {
      process.env.HF_TOKEN = TOKEN;
    }

    for (const repo of ["no-namespace", "a/b/c", "org/has space", "org/-dash", "org/x--y", "org/name.git", "../etc/passwd", ""]) {
      const bad = await post(reviewer.cookie, run.id, { repo });
      expect(bad.status, repo).toBe(400);
      expect(
        ((await bad.json()) as { fields: { path: string }[] }).fields.map((field) => field.path),
        repo,
      ).toEqual(["repo"]);
    }
    expect((await post(viewer.cookie, run.id, { repo: "cai-org/sft" })).status).toBe(403);

    const saved = await createExport(pgPool(), exportRequestSchema.parse({ name: `hub queued ${f.tag}`, layout: "SFT", fileType: "JSONL" }), { actor: "test" });
    const queued = await createExportRun(pgPool(), saved.id, { actor: "test" });
    const unfinished = await post(reviewer.cookie, queued.id, { repo: "cai-org/sft" });
    expect(unfinished.status).toBe(409);
    expect(((await unfinished.json()) as { error: string }).error).toContain("only a finished export run can be pushed");
    // a QUEUED run with no job would be queued again by a worker's sweep
    await pgPool().query(`DELETE FROM "Export" WHERE id = $1`, [saved.id]);
    expect((await post(reviewer.cookie, 999_999_999, { repo: "cai-org/sft" })).status).toBe(404);
  });

  it("a wrong token fails the push with a message that says so and holds no token, even when the Hub repeats it", async () => {
    const careless = await startHubStandIn({ token: TOKEN, echoTokenInErrors: true });
    try {
      const { run } = await finishedRun("SFT", "JSONL");
      const wrong = "hf_wrongTokenABCDEFGHIJ123";
      const push = await createHubPush(pgPool(), run.id, { repo: "cai-org/refused", private: true }, { actor: "test" }, { queue: false });
      await runHubPush(pgPool(), push.id, { worker: "test", env: { HF_TOKEN: wrong, HF_ENDPOINT: careless.url } });
      const failed = (await getHubPush(pgPool(), push.id))!;
      expect(failed.status).toBe("FAILED");
      expect(failed.error).toContain(`the Hub at ${careless.url} refused the token (HTTP 401`);
      expect(failed.error).toContain('HF_TOKEN must be a write token of an account that may write to "cai-org"');
      // the stand-in did repeat it; the studio kept none of it
      expect(careless.requests).toContain("POST /api/repos/create");
      const stored = JSON.stringify((await pgPool().query(`SELECT * FROM "HubPush" WHERE id = $1`, [push.id])).rows);
      for (const secret of [wrong, wrong.slice(3), TOKEN]) expect(stored).not.toContain(secret);
      expect(careless.repos.size).toBe(0);
    } finally {
      await careless.close();
    }
  });

  it("a token that is not a Hugging Face token, or a Hub that does not answer, fails with a message that says which", async () => {
    const { run } = await finishedRun("SFT", "JSONL");
    const push = async (env: Record<string, string>) => {
      const queued = await createHubPush(pgPool(), run.id, { repo: "cai-org/nowhere", private: true }, { actor: "test" }, { queue: false });
      await runHubPush(pgPool(), queued.id, { worker: "test", env });
      return (await getHubPush(pgPool(), queued.id))!;
    };
    expect((await push({ HF_TOKEN: "not-a-token", HF_ENDPOINT: hub.url })).error).toContain("must start with 'hf_'");
    const closed = `http://127.0.0.1:${await freePort()}`;
    const unreachable = await push({ HF_TOKEN: TOKEN, HF_ENDPOINT: closed });
    expect(unreachable).toMatchObject({ status: "FAILED", error: `could not reach the Hub at ${closed}: connect ECONNREFUSED ${closed.slice(7)}` });
    expect((await push({ HF_ENDPOINT: hub.url })).error).toMatch(/^set HF_TOKEN to push to the Hub/);
  });
});
