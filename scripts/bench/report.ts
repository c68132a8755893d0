export interface Figure {
  name: string;
  value: string;
  target?: string;
  ok?: boolean;
}

export function printTable(figures: Figure[]): void {
  const width = Math.max(...figures.map((f) => f.name.length));
  const valueWidth = Math.max(...figures.map((f) => f.value.length));
  console.log("");
  for (const f of figures) {
    const verdict = f.ok === undefined ? "" : f.ok ? "  ok" : "  MISSED";
    console.log(`${f.name.padEnd(width)}  ${f.value.padStart(valueWidth)}${f.target ? `  (target ${f.target})${verdict}` : ""}`);
  }
}
