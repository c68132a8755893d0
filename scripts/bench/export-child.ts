// Runs one export in its own process, so the bench measures that process's own peak memory.
// argv: NAME LAYOUT FILE_TYPE DEFINITION_JSON EXPORTS_DIR. Prints one JSON line:
// {elapsedMs, maxRssMb, exportRunId, status, error, selected, files: [{name, rows, bytes}]}.
import { exportRequestSchema } from "@/lib/schemas/exports";
import { createExport, createExportRun, findExport, getExportRun, updateExport } from "@/lib/server/exports/definitions";
import { runExport } from "@/lib/server/exports/run";
import { pgPool } from "@/lib/server/pg";

const [name, layout, fileType, definition, root] = process.argv.slice(2);
const db = pgPool();
const request = exportRequestSchema.parse({ name, layout, fileType, definition: JSON.parse(definition) });
const existing = await findExport(db, name);
const saved = existing ? await updateExport(db, existing.id, request, { actor: "bench" }) : await createExport(db, request, { actor: "bench" });
const run = await createExportRun(db, saved.id, { actor: "bench" });
const started = performance.now();
await runExport(db, run.id, { worker: `bench ${process.pid}`, root, batchSize: process.env.EXPORT_BATCH ? Number(process.env.EXPORT_BATCH) : undefined });
const elapsedMs = performance.now() - started;
const finished = (await getExportRun(db, run.id))!;
await db.end();
const manifest = finished.manifest as { files?: { name: string; rows: number; bytes: number }[]; counts?: { selected: number } } | null;
const files = (manifest?.files ?? []).map(({ name, rows, bytes }) => ({ name, rows, bytes }));
const selected = manifest?.counts?.selected ?? 0;
console.log(JSON.stringify({ elapsedMs, maxRssMb: process.resourceUsage().maxRSS / 1024, exportRunId: run.id, status: finished.status, error: finished.error, selected, files }));
