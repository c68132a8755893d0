import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "@/lib/server/embedded/embedded-database";
import { embeddedPaths } from "@/lib/server/embedded/paths";
import { importInChild } from "@/lib/server/imports/isolated-import";
import { pgPool } from "@/lib/server/pg";
import { ensureChainsFile } from "@/scripts/bench/generate";
import { applyMigrations, undoImportsLeftRunning } from "@/scripts/studio/migrate";
import { ROOT, runCli } from "../cli/run-cli";
import { FIXTURES } from "./helpers";

// On the embedded database an import commits batch by batch (one open transaction there would stop
// every other request for the whole import), and what it wrote is undone if it fails or its
// process dies. The database is opened here, as `npm start` opens it; the CLI imports into it as
// into a running studio's, and this test reads it meanwhile on a connection of its own.

let work: string;
let database: EmbeddedDatabase;
let db: pg.Pool;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), "cai-embedded-import-"));
  const paths = embeddedPaths({ ...process.env, CAI_DATA_DIR: path.join(work, "data") });
  database = await startEmbeddedDatabase({ port: 0, paths });
  await applyMigrations(ROOT, database.url);
  db = new pg.Pool({ connectionString: database.url, max: 2 });
  env = { ...process.env, CAI_DATA_DIR: paths.root };
  delete env.DATABASE_URL;
  // this process's own pool (the web server's part of a browser import) on the embedded database too
  process.env.DATABASE_URL = database.url;
}, 240_000);

afterAll(async () => {
  await db?.end();
  await pgPool().end();
  await database?.stop();
  rmSync(work, { recursive: true, force: true });
});

const count = async (sql: string, params: unknown[] = []) => (await db.query<{ n: number }>(sql, params)).rows[0].n;
const fixtureLines = () => readFileSync(path.join(FIXTURES, "sl-chains.jsonl"), "utf8").trim().split("\n");

describe("an import on the embedded database", () => {
  it("commits its batches one by one while others read, and a bad last line undoes all of it, counters included", async () => {
    // the fixture's three prompts, already in the dataset: the chains file adds to their counters
    const prompts = path.join(work, "prompts.jsonl");
    writeFileSync(
      prompts,
      fixtureLines()
        .map((line) => JSON.stringify({ prompt: (JSON.parse(line) as { rl_prompt: string }).rl_prompt }))
        .join("\n") + "\n",
    );
    expect((await runCli(["import", prompts, "--dataset", "undo"], env)).code).toBe(0);
    const before = await db.query(`SELECT id, "chainCount" FROM "Prompt" ORDER BY id`);
    expect(before.rows).toHaveLength(3);

    // 3 chains on those prompts, 2,500 on new ones (several batches), then a broken line
    const chains = path.join(work, "chains.jsonl");
    writeFileSync(chains, `${fixtureLines().join("\n")}\n${readFileSync(await ensureChainsFile(work, 2_500), "utf8")}{"rl_prompt": broken\n`);
    const importing = runCli(["import", chains, "--dataset", "undo"], env);
    const seen = new Set<string>();
    let done = false;
    void importing.finally(() => (done = true));
    while (!done) {
      const { rows } = await db.query<{ status: string; prompts: number }>(
        `SELECT i.status::text, (SELECT count(*)::int FROM "Prompt" p WHERE p."importId" = i.id) AS prompts FROM "Import" i WHERE i."fileName" = 'chains.jsonl'`,
      );
      // another connection reads while the import is part-way: its first batch is committed
      if (rows[0]?.status === "RUNNING" && rows[0].prompts > 0) seen.add("read mid-import");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const failed = await importing;
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/chains\.jsonl.*line 2504/);
    expect(seen.has("read mid-import")).toBe(true);

    // as it was, but for the failure's own row in the history
    expect((await db.query(`SELECT id, "chainCount" FROM "Prompt" ORDER BY id`)).rows).toEqual(before.rows);
    expect(await count(`SELECT count(*)::int AS n FROM "Chain"`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM "Response"`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM "ConstitutionVersion" v JOIN "Constitution" c ON c.id = v."constitutionId" WHERE c.name LIKE 'Principles from %'`)).toBe(0);
    const history = await db.query<{ fileName: string; status: string }>(`SELECT "fileName", status::text FROM "Import" ORDER BY id`);
    expect(history.rows).toEqual([
      { fileName: "prompts.jsonl", status: "SUCCEEDED" },
      { fileName: "chains.jsonl", status: "FAILED" },
    ]);
  }, 300_000);

  it("is undone by the next process to open the database when its own process died mid-import", async () => {
    const chains = await ensureChainsFile(work, 2_200);
    const child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/cai.ts", "import", chains, "--dataset", "killed"], {
      cwd: ROOT,
      env,
      stdio: "ignore",
    });
    const exited = new Promise((resolve) => child.on("exit", resolve));
    const deadline = Date.now() + 200_000;
    let written = 0;
    while (written < 1_000 && Date.now() < deadline) {
      written = await count(`SELECT count(*)::int AS n FROM "Prompt" p JOIN "Dataset" d ON d.id = p."datasetId" WHERE d.name = 'killed'`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill("SIGKILL");
    await exited;
    expect(written).toBeGreaterThanOrEqual(1_000);
    expect(await count(`SELECT count(*)::int AS n FROM "Import" WHERE status = 'RUNNING'`)).toBe(1);

    await undoImportsLeftRunning(database.url);
    expect(await count(`SELECT count(*)::int AS n FROM "Import" WHERE status = 'RUNNING'`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM "Dataset" WHERE name = 'killed'`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM "Chain"`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM "Prompt"`)).toBe(3);

    // and the file then imports whole
    const again = await runCli(["import", chains, "--dataset", "killed"], env);
    expect(again.stdout).toMatch(/chains\s+2,200/);
  }, 400_000);

  it("from the browser, is undone by the web server when its import process dies mid-import, and the history says so", async () => {
    const chains = await ensureChainsFile(work, 2_200);
    const events: string[] = [];
    const importing = importInChild({ path: chains, fileName: "died.jsonl", dataset: "died" }, (event) => events.push(event.type));
    void importing.catch(() => {});
    const deadline = Date.now() + 200_000;
    let written = 0;
    while (written < 500 && Date.now() < deadline) {
      written = await count(`SELECT count(*)::int AS n FROM "Prompt" p JOIN "Dataset" d ON d.id = p."datasetId" WHERE d.name = 'died'`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(written).toBeGreaterThanOrEqual(500);
    // the import process, a child of this one, dies as an out-of-memory child would
    const children = execFileSync("ps", ["-o", "pid=,args=", "--ppid", String(process.pid)], { encoding: "utf8" });
    const child = children.split("\n").find((line) => line.includes("import-child"));
    expect(child).toBeDefined();
    process.kill(Number(child!.trim().split(/\s+/)[0]), "SIGKILL");
    await expect(importing).rejects.toThrow(/died\.jsonl: the import process was stopped by SIGKILL before it finished\. Nothing was imported/);

    expect(await count(`SELECT count(*)::int AS n FROM "Prompt" p JOIN "Dataset" d ON d.id = p."datasetId" WHERE d.name = 'died'`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM "Import" WHERE status = 'RUNNING'`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM "Import" WHERE "fileName" = 'died.jsonl' AND status = 'FAILED'`)).toBe(1);
  }, 300_000);
});
