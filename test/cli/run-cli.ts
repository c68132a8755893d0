import { execFile } from "node:child_process";
import path from "node:path";

// The CLI as a user runs it: a real child process, through tsx with the react-server condition as
// `npm run cai` does, on the database vitest.config.ts puts in DATABASE_URL.

export const ROOT = path.resolve(import.meta.dirname, "../..");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(path.join(ROOT, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/cai.ts", ...args], { cwd: ROOT, env, timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
