// Runs a command to completion without blocking the event loop: the launcher may be serving the
// embedded database from this very process, and a spawnSync would stop it from answering the
// child (prisma migrate deploy hangs forever that way).
import { spawn } from "node:child_process";

export interface RunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** collect the output instead of passing it through */
  quiet?: boolean;
  /** aborting stops the command (a launcher told to stop mid-build) */
  signal?: AbortSignal;
}

export interface RunResult {
  code: number;
  output: string;
}

export function run(command: string, args: string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve) => {
    const output = options.quiet ? "pipe" : "inherit";
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", output, output], signal: options.signal });
    let text = "";
    child.stdout?.on("data", (chunk) => (text += chunk));
    child.stderr?.on("data", (chunk) => (text += chunk));
    child.on("error", (error) => resolve({ code: 1, output: `${text}${error.message}\n` }));
    child.on("close", (code) => resolve({ code: code ?? 1, output: text }));
  });
}
