// The processes a launcher runs (the Next server now, a worker later). They are spawned directly,
// never through npx or a shell, so the pid we hold is the server itself and a signal reaches it.
import { spawn, type ChildProcess } from "node:child_process";

export interface Child {
  name: string;
  process: ChildProcess;
  exited: Promise<number>;
}

export function startChild(name: string, command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Child {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: "inherit" });
  const exited = new Promise<number>((resolve) => {
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 + signalNumber(signal) : 1)));
    child.on("error", (error) => {
      console.error(`${name} could not start: ${error.message}`);
      resolve(1);
    });
  });
  return { name, process: child, exited };
}

/**
 * The web server (web-server.ts: Next's handler behind a server that knows the client's address),
 * under plain node with tsx as a loader: no react-server condition, which Next sets up itself.
 */
export function startWebServer(root: string, env: NodeJS.ProcessEnv): Child {
  return startChild("web server", process.execPath, ["--import", "tsx", "scripts/studio/web-server.ts"], { cwd: root, env: { ...env, NODE_ENV: "production" } });
}

/** SIGTERM to each child that is still running, SIGKILL to any still there after `graceMs`. */
export async function stopChildren(children: Child[], graceMs = 10_000): Promise<void> {
  await Promise.all(
    children.map(async (child) => {
      if (child.process.exitCode !== null || child.process.signalCode !== null) return;
      child.process.kill("SIGTERM");
      const timer = setTimeout(() => child.process.kill("SIGKILL"), graceMs);
      await child.exited;
      clearTimeout(timer);
    }),
  );
}

function signalNumber(signal: NodeJS.Signals): number {
  return ({ SIGINT: 2, SIGKILL: 9, SIGTERM: 15 } as Record<string, number>)[signal] ?? 1;
}

/**
 * How node starts a process that works runs and exports: tsx as its loader (not the tsx launcher,
 * so a signal reaches it) and a heap budget. V8 lets garbage grow to a multiple of the live heap that
 * rises with the budget (up to 4x with the default of several GB), so a paper-scale Parquet export
 * that keeps ~25 MB live peaked at 190 or 280 MB RSS depending on how busy the machine was; with
 * 1 GiB it stays near 200 MB and is no slower. A worker's live heap is far below the budget.
 * (package.json's `worker` script starts `npm run worker` with the same flags.)
 */
export const WORKER_NODE_ARGS = ["--max-old-space-size=1024", "--conditions=react-server", "--import", "tsx"];
