// A worker process for the kill test: runs one export run (argv: EXPORT_RUN_ID ROOT STALL_AT) and,
// once STALL_AT rows are done, says "stalled" and hangs (as a dying process would) until the test
// kills it.
import { writeSync } from "node:fs";
import { runExport } from "@/lib/server/exports/run";
import { pgPool } from "@/lib/server/pg";

const [runId, root, stallAt] = process.argv.slice(2);
await runExport(pgPool(), Number(runId), {
  worker: `doomed ${process.pid}`,
  root,
  batchSize: 100,
  onProgress({ rowsWritten }) {
    if (rowsWritten < Number(stallAt)) return;
    writeSync(1, "stalled\n");
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  },
});
await pgPool().end();
