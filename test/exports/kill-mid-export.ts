import { spawn } from "node:child_process";
import { ROOT } from "../cli/run-cli";

/**
 * A worker process that dies in the middle of an export: export-child.ts claims the run, writes
 * until `stallAt` rows and hangs, and is then killed (SIGKILL). Its run is left RUNNING with a
 * heartbeat that no longer moves, and whatever it wrote under `root`.
 */
export async function killMidExport(exportRunId: number, root: string, stallAt: number): Promise<void> {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "test/exports/export-child.ts", String(exportRunId), root, String(stallAt)], {
    cwd: ROOT,
    env: process.env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise((resolve) => child.on("exit", resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("stalled") && resolve());
    child.on("exit", (code) => reject(new Error(`the export child exited (${code}) before it stalled`)));
  });
  child.kill("SIGKILL");
  await exited;
}
