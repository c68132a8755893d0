import type { LineProblem } from "./records";

/** Thrown by field readers inside a line parser; the line driver adds the line number. */
export class FieldError extends Error {
  constructor(
    readonly field: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** A problem that stops an import, named by file, line and field. */
export class FormatError extends Error {
  constructor(
    readonly file: string,
    readonly problem: LineProblem,
  ) {
    super(describeProblem(file, problem));
  }
}

export function describeProblem(file: string, { line, field, message }: LineProblem): string {
  const where = [file, line > 0 ? `line ${line}` : null, field ? `field "${field}"` : null];
  return `${where.filter(Boolean).join(", ")}: ${message}`;
}

/** The file's bytes themselves are broken (a gzip stream that cannot be un-gzipped). */
export class CorruptFileError extends Error {}
