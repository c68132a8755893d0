import type { DatasetFormat, Syntax } from "./records";

// Guesses what a file is from its first bytes (already un-gzipped) and its name. The person
// importing can always name the format instead.

export type FileKind = { kind: "dataset"; format: DatasetFormat; syntax: Syntax } | { kind: "constitution" };

export class DetectError extends Error {}

export function detectFileKind(head: string, fileName: string): FileKind {
  const firstLine = head
    .replace(/^\uFEFF/, "")
    .split("\n")
    .find((line) => line.trim() !== "")
    ?.trim();
  if (firstLine === undefined) throw new DetectError("the file is empty");

  const csvName = /\.(csv|tsv)(\.gz)?$/i.test(fileName);
  // a CSV header may quote its first column name: "prompt","chosen",...
  if (firstLine.startsWith("{") || firstLine.startsWith("[") || (firstLine.startsWith('"') && !csvName)) {
    let value: unknown;
    try {
      value = JSON.parse(firstLine);
    } catch {
      // a JSON document spread over several lines: only constitution files are read that way
      return { kind: "constitution" };
    }
    if (Array.isArray(value)) return { kind: "constitution" };
    if (typeof value === "object" && value !== null) {
      const keys = new Set(Object.keys(value));
      // hh-rlhf, TRL's preference forms and the studio's preference export
      if (keys.has("chosen") && keys.has("rejected")) return dataset("HH_RLHF");
      if (keys.has("cst")) return dataset("CAI_SL_CHAINS");
      if (keys.has("sampled_answers")) return dataset("CAI_RL_SAMPLES");
      if (Object.values(value).some((v) => typeof v === "object" && v !== null && "edit_request" in v)) {
        return { kind: "constitution" };
      }
    }
    return dataset("PROMPTS");
  }
  if (csvName || firstLine.includes(",")) {
    const columns = new Set(firstLine.split(",").map((name) => name.trim().replace(/^"(.*)"$/, "$1")));
    const pairs = columns.has("chosen") && columns.has("rejected");
    return { kind: "dataset", format: pairs ? "HH_RLHF" : "PROMPTS", syntax: "csv" };
  }
  throw new DetectError("cannot tell the format: its first line is neither JSON nor a CSV header. Choose the format explicitly.");
}

function dataset(format: DatasetFormat): FileKind {
  return { kind: "dataset", format, syntax: "jsonl" };
}
