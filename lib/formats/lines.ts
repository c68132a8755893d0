import { DEFAULT_IMPORT_LIMITS, formatCount, type ImportLimits, LimitError } from "./limits";
import type { LineProblem } from "./records";

// Splits a byte stream into lines without ever holding more than one line (up to a limit) in
// memory. Each line is decoded as strict UTF-8; a line that is too long or not UTF-8 becomes a
// problem for that line, and reading goes on with the next one. Blank lines and lines in all are
// counted against their limits, which stop the import: a flood of a hundred million blank lines
// (a 114 KB gzip) is refused after the first hundred thousand.

export interface Line {
  number: number;
  text: string;
  /** the line ended with CR LF (the CR is not in `text`): a CSV field's own line breaks keep it */
  crlf?: true;
}

export type LineEvent = { line: Line } | { problem: LineProblem };

export type LineLimits = Pick<ImportLimits, "maxLineBytes" | "maxBlankLines" | "maxRows">;

const NEWLINE = 0x0a;
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export async function* splitLines(chunks: AsyncIterable<Uint8Array>, limits: Partial<LineLimits> = {}): AsyncGenerator<LineEvent> {
  const { maxLineBytes, maxBlankLines, maxRows } = { ...DEFAULT_IMPORT_LIMITS, ...limits };
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let lineNumber = 1;
  let blankLines = 0;
  let tooLong = false;

  function* finishLine(bytes: Uint8Array): Generator<LineEvent> {
    const number = lineNumber++;
    if (number > maxRows) throw new LimitError("maxRows", `the file has more than ${formatCount(maxRows)} lines`, number);
    if (!tooLong && pending.length === 0 && isBlank(bytes) && ++blankLines > maxBlankLines) {
      throw new LimitError("maxBlankLines", `the file has more than ${formatCount(maxBlankLines)} blank lines`, number);
    }
    if (tooLong) {
      tooLong = false;
      yield {
        problem: {
          line: number,
          message: `the line is ${formatBytes(pendingBytes + bytes.length)}, over the ${formatBytes(maxLineBytes)} limit for one line (CAI_IMPORT_MAX_LINE_MB or the CLI's --max-line-mb raise it)`,
        },
      };
      return;
    }
    const whole = pending.length === 0 ? bytes : Buffer.concat([...pending, bytes]);
    yield decodeLine(number, whole);
  }

  for await (const chunk of chunks) {
    let start = 0;
    while (start <= chunk.length) {
      const newline = chunk.indexOf(NEWLINE, start);
      const end = newline === -1 ? chunk.length : newline;
      const piece = chunk.subarray(start, end);
      if (newline === -1) {
        if (piece.length > 0) {
          if (!tooLong && pendingBytes + piece.length > maxLineBytes) tooLong = true;
          if (!tooLong) pending.push(Buffer.from(piece));
          pendingBytes += piece.length;
        }
        break;
      }
      if (!tooLong && pendingBytes + piece.length > maxLineBytes) tooLong = true;
      yield* finishLine(piece);
      pending = [];
      pendingBytes = 0;
      start = newline + 1;
    }
  }
  if (pendingBytes > 0 || tooLong) yield* finishLine(new Uint8Array(0));
}

/** Spaces, tabs and a CR only. */
function isBlank(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b !== 0x20 && b !== 0x09 && b !== 0x0d) return false;
  return true;
}

function decodeLine(number: number, bytes: Uint8Array): LineEvent {
  let end = bytes.length;
  const crlf = end > 0 && bytes[end - 1] === 0x0d; // CRLF files
  if (crlf) end--;
  let start = 0;
  if (number === 1 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  const body = bytes.subarray(start, end);
  try {
    return { line: { number, text: decoder.decode(body), ...(crlf && { crlf: true as const }) } };
  } catch {
    const at = firstInvalidUtf8Byte(body);
    return { problem: { line: number, message: `is not valid UTF-8 (bad byte 0x${body[at]?.toString(16).padStart(2, "0")} at byte ${at + 1} of the line)` } };
  }
}

/** Index of the first byte that breaks UTF-8 (only called once decoding has failed). */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0) return i;
    for (let k = 1; k < length; k++) {
      if (i + k >= bytes.length || (bytes[i + k] & 0xc0) !== 0x80) return i;
    }
    // overlong forms and surrogates, which the decoder also rejects
    if ((b === 0xe0 && bytes[i + 1] < 0xa0) || (b === 0xed && bytes[i + 1] > 0x9f)) return i;
    if ((b === 0xf0 && bytes[i + 1] < 0x90) || (b === 0xf4 && bytes[i + 1] > 0x8f)) return i;
    i += length;
  }
  return Math.max(0, bytes.length - 1);
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}
