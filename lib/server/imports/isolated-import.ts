import "server-only";
import { spawn } from "node:child_process";
import path from "node:path";
import type { ImportEvent } from "@/lib/schemas/import";
import { env } from "../env";
import { pgPool } from "../pg";
import { ImportFailedError, type ImportOptions, type ImportRow, recordFailure } from "./import-file";
import { undoImport } from "./undo-import";

// A browser upload is imported in a child process with a memory cap, never in the web server: a
// file that gets past every limit (lib/formats/limits.ts) and still exhausts memory, or trips a
// fatal error in a decoder, kills that child alone. Its death becomes the import's error, with a
// failed row in the import history, and the studio goes on answering. On the embedded database,
// where an import's batches commit one by one, what a dead child had committed is undone here. The
// CLI is a process of its own already and calls importFile directly: both run the same import.

/** What the web server hands the child: the import's options, without the callbacks. */
export type ChildImportOptions = Omit<ImportOptions, "onProgress" | "onStarted" | "onCommitting">;

/**
 * What the child says back: that the import started (what its Import row says), that its batches
 * commit one by one under this Import row (the embedded database), then the import's events.
 */
export type ChildMessage = { type: "started"; row: ImportRow } | { type: "committing"; importId: number } | ImportEvent;

const CHILD_SCRIPT = "scripts/import-child.ts";

/** The child's heap limit in MB (CAI_IMPORT_MEMORY_MB). */
export function importMemoryMb(): number {
  return env.CAI_IMPORT_MEMORY_MB;
}

/** How node starts an import's child: its heap limit, the server condition, tsx as its loader (the bench's import child too). */
export function importChildNodeArgs(): string[] {
  return [`--max-old-space-size=${importMemoryMb()}`, "--conditions=react-server", "--import", "tsx"];
}

export async function importInChild(options: ChildImportOptions, emit: (event: ImportEvent) => void): Promise<void> {
  const root = process.cwd();
  const child = spawn(process.execPath, [...importChildNodeArgs(), path.join(root, CHILD_SCRIPT)], {
    cwd: root,
    // an import holds one connection at a time (its transaction, then the failure or ANALYZE after
    // it), and the embedded database serves a fixed number in all (docs/decisions/002)
    env: { ...process.env, CAI_POOL_SIZE: "2" },
    stdio: ["ignore", "inherit", "pipe", "ipc"],
  });
  let row: ImportRow | undefined;
  let committing: number | undefined;
  let ended = false;
  let stderrTail = "";
  child.stderr?.on("data", (data: Buffer) => {
    process.stderr.write(data);
    stderrTail = (stderrTail + data.toString()).slice(-4000);
  });
  child.on("message", (message: ChildMessage) => {
    if (message.type === "started") {
      row = message.row;
      return;
    }
    if (message.type === "committing") {
      committing = message.importId;
      return;
    }
    if (message.type !== "progress") ended = true;
    emit(message);
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolve) => {
    child.once("error", (error) => resolve({ code: null, signal: null, error }));
    child.once("close", (code, signal) => resolve({ code, signal }));
  });
  child.send(options);
  const { code, signal, error } = await exit;
  if (ended) return;
  if (error) console.error("the import process could not start", error);
  const message = `${options.fileName}: ${deathMessage(code, signal, stderrTail, importMemoryMb())}`;
  if (committing !== undefined) await undoCommitted(committing);
  const importId = row ? await recordFailure(row, options, message) : undefined;
  throw new ImportFailedError(message, importId);
}

function deathMessage(code: number | null, signal: NodeJS.Signals | null, stderr: string, memoryMb: number): string {
  if (/heap out of memory|Allocation failed|invalid (array|table|size)|Invalid (typed )?array length|out of memory/i.test(stderr)) {
    return `the import ran out of memory (the import process may use ${memoryMb} MB: CAI_IMPORT_MEMORY_MB sets this limit). Nothing was imported.`;
  }
  const how = signal ? `was stopped by ${signal}` : `stopped with exit code ${code}`;
  return `the import process ${how} before it finished. Nothing was imported; the server log has the details.`;
}

/** The batches a dead child committed, undone, so that "nothing was imported" is true. */
async function undoCommitted(importId: number): Promise<void> {
  const client = await pgPool().connect();
  try {
    await undoImport(client, importId);
  } catch (error) {
    console.error(`import #${importId}: its process died and what it wrote could not be undone (the next start undoes it):`, error);
  } finally {
    client.release();
  }
}
