// Runs one import in its own process, so the bench measures that process's own peak memory.
// Prints one JSON line: {elapsedMs, maxRssMb, stats}.
import { importFile } from "@/lib/server/imports/import-file";
import { pgPool } from "@/lib/server/pg";

const [file, dataset] = process.argv.slice(2);
const started = performance.now();
const result = await importFile({ path: file, fileName: "paper-scale.jsonl", dataset });
const elapsedMs = performance.now() - started;
await pgPool().end();
console.log(JSON.stringify({ elapsedMs, maxRssMb: process.resourceUsage().maxRSS / 1024, stats: result.stats }));
