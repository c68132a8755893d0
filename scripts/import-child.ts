// The child process of one browser import (lib/server/imports/isolated-import.ts): it receives the
// import's options over IPC, runs importFile, sends its progress and its last event back, and
// exits. The web server starts it with a heap limit, so running out of memory ends this process only.
import { importErrorEvent, toImportSummary } from "../lib/server/imports/summary";
import { importFile } from "../lib/server/imports/import-file";
import type { ChildImportOptions, ChildMessage } from "../lib/server/imports/isolated-import";
import { pgPool } from "../lib/server/pg";

const send = (message: ChildMessage) => new Promise<void>((resolve) => process.send!(message, () => resolve()));

process.once("message", async (options: ChildImportOptions) => {
  try {
    const result = await importFile({
      ...options,
      onStarted: (row) => void send({ type: "started", row }),
      onProgress: (progress) => void send({ type: "progress", progress }),
    });
    await send({ type: "done", summary: toImportSummary(result) });
  } catch (error) {
    await send(importErrorEvent(error));
  } finally {
    await pgPool().end();
    process.disconnect();
  }
});
