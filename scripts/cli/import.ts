import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { FORMAT_CHOICES, type FormatChoice } from "@/lib/formats/choices";
import { DetectError, type FileKind } from "@/lib/formats/detect";
import { fileKindOf } from "@/lib/formats/file-kind";
import { LimitError } from "@/lib/formats/limits";
import { describeProblem } from "@/lib/formats/problems";
import { openImportSource } from "@/lib/formats/source";
import { openCommandDatabase } from "./database";
import { importSummary } from "./import-summary";
import { describeProgress, progressLine } from "./progress";
import { EXIT, UsageError } from "./usage";

// `npm run cai -- import FILE --dataset NAME`: the same import as the browser's (importFile), for
// files too big to upload. Usage is checked, and the format detected, before any database opens.

interface ImportArgs {
  file: string;
  dataset?: string;
  constitution?: string;
  format: FormatChoice;
  skipBadLines: boolean;
  tags: string[];
  producer?: string;
  maxLineBytes?: number;
}

export function parseImportArgs(args: string[]): ImportArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        dataset: { type: "string" },
        constitution: { type: "string" },
        format: { type: "string", default: "auto" },
        "skip-bad-lines": { type: "boolean", default: false },
        tags: { type: "string" },
        producer: { type: "string" },
        "max-line-mb": { type: "string" },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? "name the file to import" : `one file at a time (got ${positionals.join(", ")})`);
  if (!(values.format! in FORMAT_CHOICES)) throw new UsageError(`unknown --format "${values.format}"; one of: ${Object.keys(FORMAT_CHOICES).join(", ")}`);
  let maxLineBytes: number | undefined;
  if (values["max-line-mb"] !== undefined) {
    const mb = Number(values["max-line-mb"]);
    if (!(mb > 0)) throw new UsageError(`--max-line-mb must be a positive number, not "${values["max-line-mb"]}"`);
    maxLineBytes = Math.round(mb * 1024 * 1024);
  }
  return {
    file: positionals[0],
    dataset: values.dataset?.trim() || undefined,
    constitution: values.constitution?.trim() || undefined,
    format: values.format as FormatChoice,
    skipBadLines: values["skip-bad-lines"]!,
    tags: (values.tags ?? "")
      .split(",")
      .map((tag) => tag.trim())
      .filter(Boolean),
    producer: values.producer?.trim() || undefined,
    maxLineBytes,
  };
}

export async function importCommand(argv: string[], root: string): Promise<number> {
  const args = parseImportArgs(argv);
  const fileName = path.basename(args.file);
  if (!existsSync(args.file) || !statSync(args.file).isFile()) {
    console.error(`Import failed: ${args.file}: no such file`);
    return EXIT.failed;
  }
  const kind = await fileKind(args, fileName);
  if (typeof kind === "string") {
    console.error(`Import failed: ${kind}`);
    return EXIT.failed;
  }
  if (kind.kind === "dataset" && !args.dataset) {
    throw new UsageError(`${fileName} is a dataset file (${kind.format}): say which dataset to import it into with --dataset NAME`);
  }

  const database = await openCommandDatabase(root);
  process.env.DATABASE_URL = database.url;
  // loaded only now: the server modules read DATABASE_URL when they load
  const { importFile, ImportFailedError } = await import("@/lib/server/imports/import-file");
  const { pgPool } = await import("@/lib/server/pg");
  const progress = progressLine(describeProgress);
  try {
    const result = await importFile({
      path: args.file,
      fileName,
      dataset: args.dataset,
      constitution: args.constitution,
      format: args.format,
      skipBadLines: args.skipBadLines,
      tags: args.tags,
      producer: args.producer,
      maxLineBytes: args.maxLineBytes,
      onProgress: (p) => progress.update(p),
    });
    progress.clear();
    console.log(importSummary(fileName, result).join("\n"));
    return EXIT.ok;
  } catch (error) {
    progress.clear();
    if (!(error instanceof ImportFailedError)) throw error;
    console.error(`Import failed: ${error.message}`);
    if (error.importId !== undefined) console.error(`(recorded as import #${error.importId}; the database is as it was before)`);
    return EXIT.failed;
  } finally {
    await pgPool().end();
    await database.close();
  }
}

/** The file's kind, or a message saying why it cannot be told. */
async function fileKind(args: ImportArgs, fileName: string): Promise<FileKind | string> {
  const chosen = FORMAT_CHOICES[args.format].kind;
  if (chosen) return chosen;
  try {
    const source = await openImportSource(args.file);
    if (source.size === 0) return `${fileName}: the file is empty`;
    return await fileKindOf(source, args.file, fileName, args.maxLineBytes);
  } catch (error) {
    if (error instanceof DetectError) return `${fileName}: ${error.message}`;
    if (error instanceof LimitError) return describeProblem(fileName, { line: error.line, message: error.message });
    return `${fileName}: ${(error as Error).message}`;
  }
}
