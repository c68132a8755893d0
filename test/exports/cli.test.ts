import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pgPool } from "@/lib/server/pg";
import { runCli } from "../cli/run-cli";
import { startHubStandIn } from "../hub-stand-in";
import { readFrontMatter } from "../hub-stand-in/front-matter";
import { buildExportFixture, type ExportFixture } from "./fixture";

// `npm run cai -- export` as a user runs it: a child process on the test database, its exports
// directory in a temporary data dir, the files copied to --out.

let f: ExportFixture;
let work: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  f = await buildExportFixture();
  work = mkdtempSync(path.join(tmpdir(), "cai-export-cli-"));
  env = { ...process.env, CAI_DATA_DIR: path.join(work, "data") };
});
afterAll(async () => {
  rmSync(work, { recursive: true, force: true });
  await pgPool().end();
});

const golden = (name: string) => readFileSync(path.join(import.meta.dirname, "golden", name), "utf8");

describe("npm run cai -- export", () => {
  it("saves a JSON definition, runs it, and writes the files and manifest into --out; then runs it again by name", async () => {
    const name = `cli sft ${f.tag}`;
    const file = path.join(work, "sft.json");
    writeFileSync(file, JSON.stringify({ name, layout: "SFT", fileType: "JSONL", definition: { datasetIds: [f.datasetId, f.otherDatasetId] } }));
    const out = path.join(work, "out");
    const first = await runCli(["export", file, "--out", out], env);
    expect(first.stderr).not.toMatch(/Error/);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(new RegExp(`Exported "${name}" \\(SFT, JSONL\\) as export run #\\d+: 4 rows selected, 4 written`));
    expect(readdirSync(out).sort()).toEqual(["README.md", "manifest.json", "sft.jsonl"]);
    expect(readFileSync(path.join(out, "sft.jsonl"), "utf8")).toBe(golden("sft-sft.jsonl"));
    const manifest = JSON.parse(readFileSync(path.join(out, "manifest.json"), "utf8"));
    expect(manifest.createdBy).toMatch(/^cli /);
    // the run is kept under the data dir like one the studio started
    expect(readdirSync(path.join(work, "data", "exports"))).toContain(`run-${manifest.exportRunId}`);

    // a changed file updates the saved export of that name
    writeFileSync(file, JSON.stringify({ name, layout: "SFT", fileType: "CSV", definition: { datasetIds: [f.datasetId, f.otherDatasetId] } }));
    const again = await runCli(["export", name, "--out", path.join(work, "by-name")], env);
    expect(again.code).toBe(0);
    expect(readdirSync(path.join(work, "by-name")).sort()).toEqual(["README.md", "manifest.json", "sft.jsonl"]);
    const updated = await runCli(["export", file, "--out", path.join(work, "csv")], env);
    expect(updated.code).toBe(0);
    expect(readFileSync(path.join(work, "csv", "sft.csv"), "utf8")).toBe(golden("sft-sft.csv"));
    const { rows } = await pgPool().query(`SELECT count(*)::int AS n FROM "Export" WHERE name = $1`, [name]);
    expect(rows[0].n).toBe(1);
  }, 120_000);

  it("says what is wrong: an unknown export (exit 1), a bad definition file (exit 1), no --out (exit 2)", async () => {
    const unknown = await runCli(["export", `no such export ${f.tag}`, "--out", work], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(`there is no saved export named "no such export ${f.tag}"`);

    const bad = path.join(work, "bad.json");
    writeFileSync(bad, JSON.stringify({ name: "bad", layout: "H4_CAI", fileType: "XLS", definition: { revision: 0 } }));
    const invalid = await runCli(["export", bad, "--out", work], env);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain("fileType");

    const noOut = await runCli(["export", bad], env);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain("--out DIR is needed");
  }, 120_000);

  it("--push-to-hub pushes the files and dataset card to a Hub dataset (the stand-in) and prints its address; refused without HF_TOKEN or with a bad name", async () => {
    const hub = await startHubStandIn({ token: "hf_cliStandInToken12345" });
    try {
      const file = path.join(work, "push.json");
      writeFileSync(file, JSON.stringify({ name: `cli push ${f.tag}`, layout: "SFT", fileType: "JSONL", definition: { datasetIds: [f.datasetId, f.otherDatasetId] } }));
      const { HF_TOKEN: _, ...rest } = env;
      const pushEnv = { ...rest, HF_TOKEN: "hf_cliStandInToken12345", HF_ENDPOINT: hub.url };
      const repo = `cai-org/cli-${f.tag}`;
      const pushed = await runCli(["export", file, "--push-to-hub", repo, "--public"], pushEnv);
      expect(pushed.stderr).not.toMatch(/Error/);
      expect(pushed.code).toBe(0);
      expect(pushed.stdout).toContain(`Pushed to ${hub.url}/datasets/${repo} (public if it was made now; commit `);
      const held = hub.repos.get(repo)!;
      expect(held.visibility).toBe("public");
      expect([...held.files.keys()].sort()).toEqual(["README.md", "sft.jsonl"]);
      // byte for byte what the run wrote under the data dir
      const runDir = path.join(work, "data", "exports", `run-${/as export run #(\d+)/.exec(pushed.stdout)![1]}`);
      for (const name of ["README.md", "sft.jsonl"]) expect(held.files.get(name)!.equals(readFileSync(path.join(runDir, name))), name).toBe(true);
      expect(held.files.get("sft.jsonl")!.toString("utf8")).toBe(golden("sft-sft.jsonl"));
      expect(readFrontMatter(held.files.get("README.md")!.toString("utf8")).header.configs).toEqual([{ config_name: "default", data_files: [{ split: "train", path: "sft.jsonl" }] }]);

      const noToken = await runCli(["export", file, "--push-to-hub", repo], rest);
      expect(noToken.code).toBe(1);
      expect(noToken.stderr).toContain("set HF_TOKEN to push to the Hub");
      const badName = await runCli(["export", file, "--push-to-hub", "not a repo"], pushEnv);
      expect(badName.code).toBe(2);
      expect(badName.stderr).toContain('--push-to-hub: a Hub dataset is "namespace/name"');
    } finally {
      await hub.close();
    }
  }, 120_000);

  it("works on the embedded database (no DATABASE_URL): the export reads in keyset chunks, outside any transaction", async () => {
    const { DATABASE_URL: _, ...rest } = process.env;
    const embedded = { ...rest, CAI_DATA_DIR: path.join(work, "embedded") };
    const imported = await runCli(["import", "test/fixtures/sl-chains.jsonl", "--dataset", "chains"], embedded);
    expect(imported.code).toBe(0);
    const steps = Number(/steps\s+(\d+)/.exec(imported.stdout)![1]);
    const file = path.join(work, "embedded.json");
    writeFileSync(file, JSON.stringify({ name: "every step", layout: "SFT", fileType: "JSONL", definition: { revision: "all" } }));
    const out = path.join(work, "embedded-out");
    const exported = await runCli(["export", file, "--out", out], embedded);
    expect(exported.stderr).not.toMatch(/Error/);
    expect(exported.code).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(out, "manifest.json"), "utf8"));
    expect(manifest.files[0]).toMatchObject({ name: "sft.jsonl", rows: steps });
    expect(
      createHash("sha256")
        .update(readFileSync(path.join(out, "sft.jsonl")))
        .digest("hex"),
    ).toBe(manifest.files[0].sha256);
  }, 180_000);
});
