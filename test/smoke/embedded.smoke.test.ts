import { existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterEach, describe, expect, it } from "vitest";
import { FIXTURES } from "../imports/helpers";
import { runCli } from "../cli/run-cli";
import { embeddedStudioEnv, startStudio, cleanUpStudios, signInToStudio, waitForOk } from "./studio-process";

// The newcomer's path, for real: `npm start` with no DATABASE_URL serves the studio on the
// embedded database, the CLI imports into it while it runs, an export started from the API is
// written while other requests are answered (the first browser export once froze every page), and
// the data (and the session) survive a restart.

// the first start may have to build the app
const FIRST_START_MS = 420_000;

afterEach(cleanUpStudios);

async function searchPrompts(httpPort: number, cookie: string, word: string): Promise<unknown[]> {
  const response = await fetch(`http://127.0.0.1:${httpPort}/api/prompts?q=${encodeURIComponent(word)}`, { headers: { cookie } });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { rows: unknown[] };
  return body.rows;
}

interface ExportRunState {
  id: number;
  status: string;
  totalRows: number | null;
  rowsWritten: number;
  error: string | null;
}

/** Defines and runs an SFT export through the API, timing GET /api/prompts until the run ends. */
async function exportWhileTimingRequests(httpPort: number, cookie: string): Promise<{ run: ExportRunState; requests: number; slowestMs: number }> {
  const origin = `http://127.0.0.1:${httpPort}`;
  const post = async (url: string, body: unknown) => {
    const response = await fetch(`${origin}${url}`, { method: "POST", headers: { cookie, origin, "content-type": "application/json" }, body: JSON.stringify(body) });
    expect(response.status, await response.clone().text()).toBe(201);
    return (await response.json()) as { id: number; exportRunId: number };
  };
  const definition = await post("/api/exports", { name: "smoke export", layout: "SFT", fileType: "JSONL" });
  const { exportRunId } = await post(`/api/exports/${definition.id}/runs`, {});
  let requests = 0;
  let slowestMs = 0;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const started = Date.now();
    const other = await fetch(`${origin}/api/prompts?q=roommate`, { headers: { cookie }, signal: AbortSignal.timeout(30_000) });
    expect(other.status).toBe(200);
    requests++;
    slowestMs = Math.max(slowestMs, Date.now() - started);
    const run = (await (await fetch(`${origin}/api/export-runs/${exportRunId}`, { headers: { cookie }, signal: AbortSignal.timeout(30_000) })).json()) as ExportRunState;
    if (run.status === "SUCCEEDED" || run.status === "FAILED") return { run, requests, slowestMs };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`export run ${exportRunId} did not finish within 120 s`);
}

describe("the studio on its embedded database", () => {
  it("imports through the CLI while running, exports from the API while other requests answer, and keeps the data across a restart", async () => {
    const { env, httpPort, dataDir } = await embeddedStudioEnv();
    const home = `http://127.0.0.1:${httpPort}/`;

    const studio = startStudio(env);
    await waitForOk(home, studio, FIRST_START_MS);
    expect(existsSync(path.join(dataDir, "embedded.json"))).toBe(true);

    const imported = await runCli(["import", path.join(FIXTURES, "sl-chains.jsonl"), "--dataset", "smoke"], env);
    expect(imported.stderr).toContain("the running studio's embedded database");
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/new prompts\s+3\b/);

    // signed out, the API answers nothing; the admin made from the environment can sign in
    expect((await fetch(`http://127.0.0.1:${httpPort}/api/prompts?q=roommate`)).status).toBe(401);
    const cookie = await signInToStudio(httpPort);
    const found = await searchPrompts(httpPort, cookie, "roommate");
    expect(found).toHaveLength(1);
    expect(JSON.stringify(found[0])).toMatch(/roommate/i);

    const exported = await exportWhileTimingRequests(httpPort, cookie);
    expect(exported.run).toMatchObject({ status: "SUCCEEDED", totalRows: 3, rowsWritten: 3 });
    // each request made while the export ran answered, and none waited on it for long
    expect(exported.requests).toBeGreaterThan(0);
    expect(exported.slowestMs).toBeLessThan(5_000);
    const file = await fetch(`http://127.0.0.1:${httpPort}/api/export-runs/${exported.run.id}/files/sft.jsonl`, { headers: { cookie } });
    expect(file.status).toBe(200);
    expect((await file.text()).trim().split("\n")).toHaveLength(3);

    expect(await studio.stop()).toBe(0);
    expect(existsSync(path.join(dataDir, "embedded.json"))).toBe(false);

    const again = startStudio(env);
    await waitForOk(home, again, 180_000);
    // the session survives the restart too: the launcher kept its secret in the data directory
    expect(existsSync(path.join(dataDir, "auth-secret"))).toBe(true);
    expect(await searchPrompts(httpPort, cookie, "roommate")).toHaveLength(1);
    expect(await again.stop()).toBe(0);
  });

  it("the CLI opens the embedded database itself when no studio runs, and the data stays", async () => {
    const { env, dataDir } = await embeddedStudioEnv();

    const imported = await runCli(["import", path.join(FIXTURES, "prompts.jsonl"), "--dataset", "alone"], env);
    expect(imported.stderr).toContain(`the embedded database in ${path.join(dataDir, "pglite")}`);
    expect(imported.code).toBe(0);
    const added = Number(/new prompts\s+(\d+)/.exec(imported.stdout)?.[1]);
    expect(added).toBeGreaterThan(0);
    expect(existsSync(path.join(dataDir, "embedded.json"))).toBe(false);

    const db = await PGlite.create({ dataDir: path.join(dataDir, "pglite") });
    try {
      const { rows } = await db.query<{ count: number }>(`SELECT count(*)::int AS count FROM "Prompt" p JOIN "Dataset" d ON d.id = p."datasetId" WHERE d.name = 'alone'`);
      expect(rows[0].count).toBe(added);
    } finally {
      await db.close();
    }
  });

  it("refuses to start, saying why, when the embedded database's port is taken", async () => {
    const { env, pglitePort, dataDir } = await embeddedStudioEnv();
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(pglitePort, "127.0.0.1", resolve));
    try {
      const studio = startStudio(env);
      expect(await studio.exited).toBe(1);
      expect(studio.output()).toContain(`Port ${pglitePort} on 127.0.0.1 is already in use`);
      expect(existsSync(path.join(dataDir, "embedded.json"))).toBe(false);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });
});
