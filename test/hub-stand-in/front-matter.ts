// Reads back the YAML front matter the dataset card writes (lib/cai/exports/yaml.ts), for tests:
// block mappings and sequences indented by two, scalars as JSON (double-quoted strings, numbers,
// true, false, null, [] and {}). Strict: a line it does not expect fails the test, so the card's
// header must be exactly the shape its writer means.

type Value = unknown;

interface Line {
  indent: number;
  text: string;
}

/** The card's front matter as a value, and the Markdown after it. */
export function readFrontMatter(markdown: string): { header: Record<string, Value>; body: string } {
  const match = /^---\n([\s\S]*?\n)---\n([\s\S]*)$/.exec(markdown);
  if (!match) throw new Error("no front matter between --- lines at the start");
  const lines = match[1]
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => ({ indent: line.length - line.trimStart().length, text: line.trimStart() }));
  const [header, next] = block(lines, 0, 0);
  if (next !== lines.length) throw new Error(`unexpected line ${next + 1}: ${JSON.stringify(lines[next])}`);
  return { header: header as Record<string, Value>, body: match[2] };
}

function block(lines: Line[], at: number, indent: number): [Value, number] {
  return lines[at].text.startsWith("- ") ? sequence(lines, at, indent) : mapping(lines, at, indent);
}

function sequence(lines: Line[], at: number, indent: number): [Value[], number] {
  const items: Value[] = [];
  let i = at;
  while (i < lines.length && lines[i].indent === indent && lines[i].text.startsWith("- ")) {
    const rest = lines[i].text.slice(2);
    if (/^[A-Za-z_]\w*:( |$)/.test(rest) || rest.startsWith("- ")) {
      // the item's first line continues after "- ": read it as a block one level in
      const inner = [...lines.slice(0, i), { indent: indent + 2, text: rest }, ...lines.slice(i + 1)];
      const [item, next] = block(inner, i, indent + 2);
      items.push(item);
      i = next;
    } else {
      items.push(JSON.parse(rest));
      i++;
    }
  }
  return [items, i];
}

function mapping(lines: Line[], at: number, indent: number): [Record<string, Value>, number] {
  const map: Record<string, Value> = {};
  let i = at;
  while (i < lines.length && lines[i].indent === indent && !lines[i].text.startsWith("- ")) {
    const entry = /^([A-Za-z_]\w*):(?: (.+))?$/.exec(lines[i].text);
    if (!entry) throw new Error(`not a key: ${lines[i].text}`);
    if (entry[1] in map) throw new Error(`duplicate key ${entry[1]}`);
    if (entry[2] !== undefined) {
      map[entry[1]] = JSON.parse(entry[2]);
      i++;
    } else {
      if (i + 1 >= lines.length || lines[i + 1].indent !== indent + 2) throw new Error(`${entry[1]}: no block under it`);
      const [value, next] = block(lines, i + 1, indent + 2);
      map[entry[1]] = value;
      i = next;
    }
  }
  if (i < lines.length && lines[i].indent > indent) throw new Error(`unexpected indentation: ${lines[i].text}`);
  return [map, i];
}
