import { copyFile, mkdir, readFile, stat } from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { ExportManifest } from "@/lib/cai/exports/manifest";
import { hubRepoSchema } from "@/lib/schemas/exports";
import { UserError } from "@/lib/server/errors";
import { openCommandDatabase } from "./database";
import { formatBytes, formatDuration, progressLine } from "./progress";
import { EXIT, UsageError } from "./usage";

// `npm run cai -- export DEFINITION --out DIR [--push-to-hub NAMESPACE/NAME]`: runs an export in
// this process, as a worker would (lib/server/exports/run.ts), then copies its files, dataset card
// and manifest.json into DIR, and/or pushes them to a Hugging Face Hub dataset (hub-pushes.ts, in
// this process too, with this environment's HF_TOKEN and HF_ENDPOINT). DEFINITION is a saved
// export's name or id, or a JSON file {name, layout, fileType, definition} that is saved first (or
// updates the saved export of that name). The run and the push are kept like any other: the studio
// lists them under the export.

export async function exportCommand(argv: string[], root: string): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: { out: { type: "string" }, "push-to-hub": { type: "string" }, public: { type: "boolean", default: false } },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const [target, ...extra] = parsed.positionals;
  if (target === undefined) throw new UsageError("export needs a definition: a saved export's name or id, or a JSON file");
  if (extra.length > 0) throw new UsageError(`one definition at a time, not also "${extra.join(" ")}"`);
  const repo = parsed.values["push-to-hub"];
  if (!parsed.values.out && repo === undefined) throw new UsageError("--out DIR is needed: the directory the files are copied to (or --push-to-hub NAMESPACE/NAME)");
  if (parsed.values.public && repo === undefined) throw new UsageError("--public is for --push-to-hub");
  if (repo !== undefined) {
    const valid = hubRepoSchema.safeParse(repo);
    if (!valid.success) throw new UsageError(`--push-to-hub: ${valid.error.issues[0].message}`);
  }
  const out = parsed.values.out ? path.resolve(parsed.values.out) : null;
  const file = await definitionFile(target);
  if (repo !== undefined && !process.env.HF_TOKEN) {
    // said before the export runs, not after
    const { HF_TOKEN_MISSING } = await import("@/lib/server/exports/hub");
    console.error(`export: ${HF_TOKEN_MISSING}`);
    return EXIT.failed;
  }

  const database = await openCommandDatabase(root);
  process.env.DATABASE_URL = database.url;
  const { pgPool } = await import("@/lib/server/pg");
  const { runExport } = await import("@/lib/server/exports/run");
  const { createExportRun, findExport, getExportRun } = await import("@/lib/server/exports/definitions");
  const { exportsDir, MANIFEST_FILE } = await import("@/lib/server/exports/files");
  const { createHubPush, getHubPush, runHubPush } = await import("@/lib/server/exports/hub-pushes");
  const db = pgPool();
  const progress = progressLine(describeExportProgress);
  try {
    const saved = file ? await saveDefinition(file) : await findExport(db, target);
    if (!saved) throw new UserError(`there is no saved export named "${target}" (nor with that id), and no file of that name`);
    const queued = await createExportRun(db, saved.id);
    const started = Date.now();
    const worker = `cli ${hostname()}:${process.pid}`;
    await runExport(db, queued.id, {
      worker,
      onProgress: ({ rowsWritten, totalRows }) => progress.update({ rows: rowsWritten, total: totalRows, elapsedMs: Date.now() - started }),
    });
    progress.clear();
    const run = (await getExportRun(db, queued.id))!;
    if (run.status !== "SUCCEEDED") {
      console.error(run.error ?? `export run ${run.id} ended ${run.status}`);
      return EXIT.failed;
    }
    const manifest = run.manifest as ExportManifest;
    const n = (value: number) => value.toLocaleString("en-US");
    const leftOut = Object.entries(manifest.counts.leftOut).filter(([, count]) => count > 0);
    console.log(
      `Exported "${saved.name}" (${saved.layout}, ${saved.fileType}) as export run #${run.id}: ${n(manifest.counts.selected)} rows selected, ` +
        `${n(manifest.counts.written)} written${leftOut.length > 0 ? ` (left out: ${leftOut.map(([why, count]) => `${n(count)} ${why}`).join(", ")})` : ""} ` +
        `in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );
    if (out) {
      // a directory made here is the owner's only, as the files copied into it are (0600, kept by copyFile)
      await mkdir(out, { recursive: true, mode: 0o700 });
      const source = path.join(exportsDir(), run.directory!);
      for (const name of [...manifest.files.map((f) => f.name), MANIFEST_FILE]) await copyFile(path.join(source, name), path.join(out, name));
      const width = Math.max(...manifest.files.map((f) => f.name.length), MANIFEST_FILE.length);
      for (const f of manifest.files) {
        const what = f.rows === undefined ? "dataset card".padStart(14) : `${n(f.rows).padStart(9)} rows`;
        console.log(`  ${path.join(out, f.name).padEnd(out.length + 1 + width)}  ${what}  ${formatBytes(f.bytes)}`);
      }
      console.log(`  ${path.join(out, MANIFEST_FILE)}`);
    }
    if (repo !== undefined) {
      const push = await createHubPush(db, run.id, { repo, private: !parsed.values.public }, {}, { queue: false });
      await runHubPush(db, push.id, { worker });
      const pushed = (await getHubPush(db, push.id))!;
      if (pushed.status !== "SUCCEEDED") {
        console.error(`export: the files are written, but the push to ${repo} failed: ${pushed.error}`);
        return EXIT.failed;
      }
      console.log(`Pushed to ${pushed.datasetUrl} (${parsed.values.public ? "public" : "private"} if it was made now; commit ${pushed.commitOid})`);
    }
    return EXIT.ok;
  } catch (error) {
    progress.clear();
    if (!(error instanceof UserError)) throw error;
    console.error(`export: ${error.message}`);
    return EXIT.failed;
  } finally {
    await db.end();
    await database.close();
  }
}

interface DefinitionFile {
  path: string;
  body: unknown;
}

/** The argument as a JSON definition file, if it names one. */
async function definitionFile(target: string): Promise<DefinitionFile | null> {
  const isFile = await stat(target).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!isFile) {
    if (target.endsWith(".json")) throw new UsageError(`${target}: no such file`);
    return null;
  }
  try {
    return { path: target, body: JSON.parse(await readFile(target, "utf8")) };
  } catch (error) {
    throw new UsageError(`${target}: not JSON (${(error as Error).message})`);
  }
}

async function saveDefinition(file: DefinitionFile) {
  const { exportRequestSchema } = await import("@/lib/schemas/exports");
  const { createExport, findExport, updateExport } = await import("@/lib/server/exports/definitions");
  const { pgPool } = await import("@/lib/server/pg");
  const parsed = exportRequestSchema.safeParse(file.body);
  if (!parsed.success) throw new UserError(`${file.path}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(top)"}: ${i.message}`).join("; ")}`);
  const existing = await findExport(pgPool(), parsed.data.name);
  if (existing && existing.name === parsed.data.name) return updateExport(pgPool(), existing.id, parsed.data);
  return createExport(pgPool(), parsed.data);
}

interface ExportProgress {
  rows: number;
  total: number;
  elapsedMs: number;
}

function describeExportProgress({ rows, total, elapsedMs }: ExportProgress): string {
  const seconds = elapsedMs / 1000;
  const fraction = total > 0 ? rows / total : 0;
  const eta = fraction > 0 && fraction < 1 ? formatDuration((seconds / fraction) * (1 - fraction)) : undefined;
  const parts = [
    `${rows.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} rows`,
    `${(fraction * 100).toFixed(0)}%`,
    `${Math.round(seconds > 0 ? rows / seconds : 0).toLocaleString("en-US")}/s`,
  ];
  if (eta) parts.push(`ETA ${eta}`);
  return parts.join(" · ");
}
