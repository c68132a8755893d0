import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { waitForHttp } from "../studio/wait-for-http";
import { ensureChainsFile } from "./generate";

// `npm run bench -- --embedded`: does the default studio (npm start, the embedded database) keep
// answering while long work runs? The studio is started as a newcomer starts it, 20,000 chains are
// imported with the CLI, then pages are requested one after another (as a researcher clicking
// around) three times: with nothing else running (the baseline), while an SFT export of the 20,000
// chains runs, and while an export and an import of 5,000 more chains run together.

const ROOT = path.resolve(import.meta.dirname, "../..");
const PORT = Number(process.env.BENCH_EMBEDDED_PORT ?? 3310);
const PGLITE_PORT = Number(process.env.BENCH_PGLITE_PORT ?? 54410);
const ADMIN = { email: "bench@embedded.test", password: "bench-password-1234" };
export const EMBEDDED_CHAINS = 20_000;
const EXTRA_CHAINS = 5_000;

export interface PhaseLatency {
  phase: string;
  requests: number;
  p50: number;
  p95: number;
  max: number;
  /** how long the work of the phase took, when there was some */
  workMs?: number;
}

export async function benchEmbedded(workDir: string): Promise<{ importMs: number; phases: PhaseLatency[] }> {
  const chains = await ensureChainsFile(workDir, EMBEDDED_CHAINS);
  const extra = await ensureChainsFile(workDir, EXTRA_CHAINS);
  const dataDir = path.join(workDir, "embedded-studio");
  rmSync(dataDir, { recursive: true, force: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CAI_DATA_DIR: dataDir,
    CAI_PGLITE_PORT: String(PGLITE_PORT),
    PORT: String(PORT),
    CAI_ADMIN_EMAIL: ADMIN.email,
    CAI_ADMIN_PASSWORD: ADMIN.password,
  };
  delete env.DATABASE_URL;
  const studio = spawn(path.join(ROOT, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/start.ts"], { cwd: ROOT, env, stdio: ["ignore", "ignore", "inherit"] });
  let exited = false;
  studio.on("exit", () => (exited = true));
  const base = `http://127.0.0.1:${PORT}`;
  try {
    // the first start may build the app (minutes on a busy machine)
    if (!(await waitForHttp(`${base}/sign-in`, () => exited, 900_000))) throw new Error("the embedded studio did not answer");
    const importStarted = Date.now();
    await cli(["import", chains, "--dataset", "bench"], env);
    const importMs = Date.now() - importStarted;
    const cookie = await signIn(base);
    const get = pageGetter(base, cookie);
    const phases = [await during("nothing else running (baseline)", get)];
    phases.push(await during(`an SFT export of ${EMBEDDED_CHAINS.toLocaleString("en-US")} chains`, get, exportRun(base, cookie)));
    phases.push(
      await during(
        `that export and an import of ${EXTRA_CHAINS.toLocaleString("en-US")} chains`,
        get,
        Promise.all([exportRun(base, cookie), cli(["import", extra, "--dataset", "bench-extra"], env)]),
      ),
    );
    return { importMs, phases };
  } finally {
    await stop(studio);
  }
}

/**
 * Requests pages one after another while `work` runs (the baseline, with no work: 40 of them);
 * only requests made while it ran count.
 */
async function during(phase: string, get: (i: number) => Promise<number>, work?: Promise<unknown>): Promise<PhaseLatency> {
  const started = Date.now();
  let done = !work;
  let workMs: number | undefined;
  const finished = work?.then(() => {
    done = true;
    workMs = Date.now() - started;
  });
  const times: number[] = [];
  for (let i = 0; work ? !done : times.length < 40; i++) {
    const ms = await get(i);
    // a request that ended after the work did was waiting on it all the same: it counts
    times.push(ms);
  }
  await finished;
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)];
  return { phase, requests: times.length, p50: at(0.5), p95: at(0.95), max: times.at(-1)!, workMs };
}

/** A researcher's round of pages and the APIs behind them; answers each request's time in ms. */
function pageGetter(base: string, cookie: string): (i: number) => Promise<number> {
  const urls = [`${base}/prompts`, `${base}/api/prompts?q=warehouse`, `${base}/exports`, `${base}/api/exports`, `${base}/datasets`];
  return async (i) => {
    const started = performance.now();
    const response = await fetch(urls[i % urls.length], { headers: { cookie }, redirect: "manual", signal: AbortSignal.timeout(120_000) });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${urls[i % urls.length]} answered ${response.status}`);
    return performance.now() - started;
  };
}

async function signIn(base: string): Promise<string> {
  const response = await fetch(`${base}/api/auth/sign-in/email`, { method: "POST", headers: { "content-type": "application/json", origin: base }, body: JSON.stringify(ADMIN) });
  if (!response.ok) throw new Error(`signing in answered ${response.status}`);
  const cookie = response.headers.getSetCookie().find((line) => line.includes("session_token="));
  if (!cookie) throw new Error("signing in set no session cookie");
  return cookie.split(";")[0];
}

/** Defines an SFT export of every chain, runs it through the studio's worker and waits for it. */
async function exportRun(base: string, cookie: string): Promise<void> {
  const post = async (url: string, body: unknown) => {
    const response = await fetch(`${base}${url}`, { method: "POST", headers: { cookie, origin: base, "content-type": "application/json" }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`POST ${url} answered ${response.status}: ${await response.text()}`);
    return response.json() as Promise<Record<string, unknown>>;
  };
  const definition = await post("/api/exports", { name: `bench ${Date.now()}`, layout: "SFT", fileType: "JSONL" });
  const { exportRunId } = await post(`/api/exports/${definition.id}/runs`, {});
  for (;;) {
    const response = await fetch(`${base}/api/export-runs/${exportRunId}`, { headers: { cookie } });
    const run = (await response.json()) as { status: string; error: string | null };
    if (run.status === "SUCCEEDED") return;
    if (run.status === "FAILED") throw new Error(`export run ${exportRunId} failed: ${run.error}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function cli(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/cai.ts", ...args], { cwd: ROOT, env, stdio: ["ignore", "ignore", "inherit"] });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`npm run cai -- ${args.join(" ")} exited ${code}`))));
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.on("exit", () => resolve());
    child.kill("SIGTERM");
  });
}
