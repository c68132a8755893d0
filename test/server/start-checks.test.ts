import { execFile } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { environmentProblems } from "@/lib/server/setup/start-checks";

// A malformed CAI_SECRET_KEY (or CAI_TRUSTED_PROXIES) stops `npm start` and `npm run worker` at
// once with a message naming the variable, never its value (issue 12, finding 10), instead of
// surfacing when someone first stores or uses an API key.

const ROOT = path.resolve(import.meta.dirname, "../..");
const BAD_KEY = "not-a-key-but-a-secret-all-the-same";
const env = (values: Record<string, string>) => values as NodeJS.ProcessEnv;

function launch(script: string, env: NodeJS.ProcessEnv): Promise<{ code: number; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(path.join(ROOT, "node_modules/.bin/tsx"), ["--conditions=react-server", script], { cwd: ROOT, env, timeout: 60_000 }, (error, _stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stderr, ms: Date.now() - started });
    });
  });
}

describe("settings checked at start", () => {
  it("names each malformed setting, and accepts good or absent ones", () => {
    expect(environmentProblems(env({ CAI_SECRET_KEY: BAD_KEY, CAI_TRUSTED_PROXIES: "10.0.0.1, proxy" }))).toEqual([
      'CAI_SECRET_KEY must be 32 bytes written as 64 hex digits or as base64 (e.g. made with "openssl rand -hex 32"); the value set is not.',
      'CAI_TRUSTED_PROXIES: "proxy" is not an IP address or a CIDR range (e.g. 10.0.0.5 or 172.16.0.0/12).',
    ]);
    expect(environmentProblems(env({ CAI_SECRET_KEY: "ab".repeat(32), CAI_TRUSTED_PROXIES: "10.0.0.0/8" }))).toEqual([]);
    expect(environmentProblems(env({}))).toEqual([]);
  });

  it("names half-configured single sign-on without echoing its client secret", () => {
    const problems = environmentProblems(env({ CAI_OIDC_ISSUER: "https://login.example.org", CAI_OIDC_CLIENT_ID: "studio", CAI_OIDC_CLIENT_SECRET: BAD_KEY }));
    expect(problems).toEqual([expect.stringMatching(/^CAI_OIDC_ISSUER is set but CAI_OIDC_ALLOWED_DOMAINS is not/)]);
    expect(problems.join("\n")).not.toContain(BAD_KEY);
    expect(environmentProblems(env({ CAI_PASSWORD_SIGN_IN: "false" }))).toEqual([expect.stringMatching(/^CAI_PASSWORD_SIGN_IN is false but single sign-on is not configured/)]);
  });

  it.each(["scripts/start.ts", "scripts/worker.ts"])("%s with a malformed CAI_SECRET_KEY exits 1 before touching the database, saying why", async (script) => {
    // a database that does not exist: the check must come first
    const result = await launch(script, { ...process.env, CAI_SECRET_KEY: BAD_KEY, DATABASE_URL: "postgresql://postgres@127.0.0.1:1/none" });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Cannot start: CAI_SECRET_KEY must be 32 bytes");
    expect(result.stderr).not.toContain(BAD_KEY);
    expect(result.stderr).not.toMatch(/ECONNREFUSED|migrate/);
  });
});
