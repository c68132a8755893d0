// The child process of one browser import (lib/server/imports/isolated-import.ts): it receives the
// import's options over IPC, runs importFile, sends its progress and its last event back, and
// exits. The web server starts it with a heap limit, so running out of memory ends this process only.
import { importErrorEvent, toImportSummary } from "../lib/server/imports/summary";
import { importFile } from "../lib/server/imports/import-file";
import type { ChildImportOptions, ChildMessage } from "../lib/server/imports/isolated-import";
import { pgPool } from "../lib/server/pg";

const send = (message: ChildMessage) => new Promise<void>((resolve) => process.send!(message, () => resolve()));

let finished = false;
// the web server went away (stopped or restarted): nobody will hear of this import, so it stops,
// and its transaction rolls back as the connection closes
process.on("disconnect", () => {
  if (!finished) process.exit(1);
});

process.once("message", async (options: ChildImportOptions) => {
  try {
    const result = await importFile({
      ...options,
      onStarted: (row) => void send({ type: "started", row }),
      onCommitting: (importId) => void send({ type: "committing", importId }),
      onProgress: (progress) => void send({ type: "progress", progress }),
    });
    await send({ type: "done", summary: toImportSummary(result) });
  } catch (error) {
    await send(importErrorEvent(error));
  } finally {
    finished = true;
    await pgPool().end();
    if (process.connected) process.disconnect();
  }
});
