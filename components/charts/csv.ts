// A chart's table as CSV (RFC 4180: fields with a comma, quote or line break are quoted).

export type Cell = string | number | null;

export function toCsv(columns: string[], rows: Cell[][]): string {
  const field = (value: Cell) => {
    const text = value === null ? "" : String(value);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return [columns, ...rows].map((row) => row.map(field).join(",")).join("\r\n") + "\r\n";
}
