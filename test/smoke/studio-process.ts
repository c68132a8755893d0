import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ROOT } from "../cli/run-cli";
import { freePort } from "../setup/free-port";

// The studio as `npm start` runs it (tsx scripts/start.ts), on the embedded database: no
// DATABASE_URL, a data directory and ports of its own, so a smoke run touches nothing else.

export const SMOKE_ADMIN = { email: "admin@smoke.test", password: "smoke-password-1234" };

/** Signs the smoke admin in through Better Auth's route and answers the session cookie. */
export async function signInToStudio(httpPort: number): Promise<string> {
  const origin = `http://127.0.0.1:${httpPort}`;
  const response = await fetch(`${origin}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin },
    body: JSON.stringify(SMOKE_ADMIN),
  });
  if (response.status !== 200) throw new Error(`signing in answered ${response.status}: ${await response.text()}`);
  const cookie = response.headers.getSetCookie().find((line) => line.includes("session_token="));
  if (!cookie) throw new Error("signing in set no session cookie");
  return cookie.split(";")[0]!;
}

export interface StudioEnv {
  dataDir: string;
  httpPort: number;
  pglitePort: number;
  env: NodeJS.ProcessEnv;
}

export async function embeddedStudioEnv(): Promise<StudioEnv> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "cai-smoke-"));
  dataDirs.add(dataDir);
  const [httpPort, pglitePort] = [await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CAI_DATA_DIR: dataDir,
    CAI_PGLITE_PORT: String(pglitePort),
    PORT: String(httpPort),
    // the first admin, made at start as a newcomer's `npm start` can; the session secret is left
    // to the launcher, which keeps a random one in the data directory
    CAI_ADMIN_EMAIL: SMOKE_ADMIN.email,
    CAI_ADMIN_PASSWORD: SMOKE_ADMIN.password,
  };
  delete env.DATABASE_URL;
  delete env.BETTER_AUTH_SECRET;
  return { dataDir, httpPort, pglitePort, env };
}

export interface StudioProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  /** SIGTERM, then the exit code once it has stopped */
  stop(): Promise<number | null>;
}

const running = new Set<StudioProcess>();
const dataDirs = new Set<string>();

export function startStudio(env: NodeJS.ProcessEnv): StudioProcess {
  const child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/start.ts"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const studio: StudioProcess = {
    child,
    output: () => output,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const code = await exited;
      running.delete(studio);
      return code;
    },
  };
  running.add(studio);
  return studio;
}

/** For afterEach: a failed test must not leave a studio holding its ports, nor its data behind. */
export async function cleanUpStudios(): Promise<void> {
  await Promise.all([...running].map((studio) => studio.stop()));
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  dataDirs.clear();
}

/** Polls until GET `url` answers 200; fails early, with the studio's output, if the studio exits. */
export async function waitForOk(url: string, studio: StudioProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitedWith: number | null | undefined;
  void studio.exited.then((code) => (exitedWith = code));
  while (Date.now() < deadline) {
    if (exitedWith !== undefined) throw new Error(`the studio exited (${exitedWith}) before answering:\n${studio.output()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000} s:\n${studio.output()}`);
}
