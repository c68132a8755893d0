import { Parser as CsvParser, type CsvError } from "csv-parse";
import { Readable } from "node:stream";
import { rlSamplesRecord, slChainRecord } from "./cai-paper";
import { DEFAULT_IMPORT_LIMITS, LimitError } from "./limits";
import { formatBytes, splitLines, type LineEvent, type LineLimits } from "./lines";
import { nulProblem } from "./nul";
import { parquetRows, type ParquetLimits } from "./parquet";
import { FieldError } from "./problems";
import { preferenceRecord } from "./preference";
import { promptRecord } from "./prompts";
import type { DatasetFormat, ImportRecord, ParseEvent, RowEvent, Syntax } from "./records";

// Streams a dataset file (JSONL or CSV, already un-gzipped) into records and line problems.
// Nothing here decides whether a problem stops the import: the caller does.

const ROW_PARSERS: Record<DatasetFormat, (row: unknown, line: number) => ImportRecord> = {
  PROMPTS: promptRecord,
  // hh-rlhf and every other preference-pair form (TRL's, the studio's own export) share the format
  HH_RLHF: preferenceRecord,
  CAI_SL_CHAINS: slChainRecord,
  CAI_RL_SAMPLES: rlSamplesRecord,
};

export interface ReadOptions {
  format: DatasetFormat;
  syntax: Syntax;
  limits?: Partial<LineLimits>;
}

export async function* readRecords(chunks: AsyncIterable<Uint8Array>, options: ReadOptions): AsyncGenerator<ParseEvent> {
  if (options.syntax === "parquet") throw new Error("Parquet needs the file itself: readParquetRecords");
  const limits = { ...DEFAULT_IMPORT_LIMITS, ...options.limits };
  const lines = splitLines(chunks, limits);
  yield* parsedRows(options.syntax === "csv" ? csvRows(lines, limits.maxLineBytes) : jsonlRows(lines), options.format);
}

/** A Parquet file's rows, each row's number as its line. */
export function readParquetRecords(path: string, format: DatasetFormat, limits?: Partial<ParquetLimits>): AsyncGenerator<ParseEvent> {
  return parsedRows(parquetRows(path, limits), format);
}

async function* parsedRows(rows: AsyncIterable<RowEvent>, format: DatasetFormat): AsyncGenerator<ParseEvent> {
  const parseRow = ROW_PARSERS[format];
  let sawRow = false;
  for await (const event of rows) {
    sawRow = true;
    yield "problem" in event ? event : recordOrProblem(parseRow, event.row, event.line);
  }
  if (!sawRow) yield { problem: { line: 0, message: "the file is empty: there is no row to import" } };
}

function recordOrProblem(parseRow: (row: unknown, line: number) => ImportRecord, row: unknown, line: number): ParseEvent {
  // Postgres text cannot hold U+0000: such a row is refused by name, before the database sees it
  const nul = nulProblem(row, line);
  if (nul) return { problem: nul };
  try {
    return { record: parseRow(row, line) };
  } catch (error) {
    if (error instanceof FieldError) return { problem: { line, field: error.field, message: error.message } };
    throw error;
  }
}

async function* jsonlRows(lines: AsyncIterable<LineEvent>): AsyncGenerator<RowEvent> {
  for await (const event of lines) {
    if ("problem" in event) {
      yield event;
      continue;
    }
    const { number, text } = event.line;
    if (text.trim() === "") continue;
    try {
      yield { row: JSON.parse(text), line: number };
    } catch (error) {
      yield { problem: { line: number, message: `is not valid JSON (${(error as Error).message})` } };
    }
  }
}

/**
 * CSV with a header row. csv-parse does the quoting; lines that failed before it (bad UTF-8, too
 * long) are fed to it as blank lines so its line numbers stay those of the file. A record may span
 * lines (a quoted field's line breaks) but not past `maxRecordBytes`: an unclosed quote would
 * otherwise read the rest of the file into one field.
 */
async function* csvRows(lines: AsyncIterable<LineEvent>, maxRecordBytes: number): AsyncGenerator<RowEvent> {
  const lineProblems: RowEvent[] = [];
  const csvProblems: RowEvent[] = [];
  // csv-parse counts a CR inside a quoted field as a line break of its own (a CR LF as two): the
  // CRs seen so far are taken off its count
  let quotedCarriageReturns = 0;
  const csvProblem = (error: CsvError): RowEvent => ({
    problem: { line: recordStartLine(error, quotedCarriageReturns), message: `is not valid CSV (${error.message.replace(/ at line \d+/, "")})` },
  });
  const parser = new CsvParser({
    columns: (header: string[]) => header.map((name) => name.trim()),
    info: true,
    raw: true,
    bom: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    max_record_size: maxRecordBytes,
    on_skip: (error: CsvError | undefined) => {
      if (error?.code === "CSV_MAX_RECORD_SIZE") {
        const line = recordStartLine(error, quotedCarriageReturns);
        parser.destroy(new LimitError("maxLineBytes", `a CSV record starting on this line is longer than ${formatBytes(maxRecordBytes)} (a quote that is never closed?)`, line));
      } else if (error) {
        csvProblems.push(csvProblem(error));
      }
      return undefined;
    },
  });
  async function* text() {
    for await (const event of lines) {
      if ("problem" in event) {
        lineProblems.push(event);
        yield "\n";
      } else {
        // a quoted field's line break is content: keep a CR LF as it was
        yield `${event.line.text}${event.line.crlf ? "\r\n" : "\n"}`;
      }
    }
  }
  const input = Readable.from(text());
  // a limit reached while splitting lines ends the parse with that error
  input.on("error", (error) => parser.destroy(error));
  input.pipe(parser);
  // csv-parse reads ahead, so problems can be known before the rows above them: hand them out in
  // line order.
  const problemsBefore = (line: number): RowEvent[] => {
    const all = [...lineProblems.splice(0), ...csvProblems.splice(0)].sort((a, b) => lineOf(a) - lineOf(b));
    const earlier = all.filter((p) => lineOf(p) < line);
    lineProblems.push(...all.filter((p) => lineOf(p) >= line));
    return earlier;
  };
  try {
    for await (const { info, raw, record } of parser as AsyncIterable<{ info: { lines: number }; raw: string; record: unknown }>) {
      // raw holds the blank lines skipped before the record and its own line breaks
      const own = raw.replace(/^[\r\n]+/, "").replace(/\r?\n?$/, "");
      quotedCarriageReturns += own.split("\r").length - 1;
      const line = info.lines - quotedCarriageReturns - own.split("\n").length + 1;
      yield* problemsBefore(line);
      yield { row: withoutEmptyCells(record as Record<string, string>), line };
    }
  } catch (error) {
    if (!isCsvError(error)) throw error;
    csvProblems.push(csvProblem(error));
  } finally {
    input.destroy();
  }
  yield* problemsBefore(Infinity);
}

function isCsvError(error: unknown): error is CsvError {
  return typeof (error as { code?: unknown }).code === "string" && (error as { code: string }).code.startsWith("CSV_");
}

/**
 * The line a failed record started on. csv-parse names the line it had reached, which for a quote
 * left open is the end of the file: its `raw` holds what the record had read so far, so the line
 * breaks in it are counted back (a CR inside quotes counts as one of its own, as above).
 */
function recordStartLine(error: CsvError, quotedCarriageReturns: number): number {
  const reached = (error as { lines?: unknown }).lines;
  if (typeof reached !== "number") return 0;
  const raw = String((error as { raw?: unknown }).raw ?? "").replace(/^[\r\n]+/, "");
  const breaks = (raw.match(/[\r\n]/g) ?? []).length;
  const endsWithBreak = /[\r\n]$/.test(raw);
  return reached - quotedCarriageReturns - breaks + (endsWithBreak ? 1 : 0);
}

function lineOf(event: RowEvent): number {
  return "problem" in event ? event.problem.line : event.line;
}

/** An empty CSV cell means the field is absent, as a missing key would in JSON. */
function withoutEmptyCells(row: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(row).filter(([, value]) => value !== ""));
}
