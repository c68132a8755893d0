// A small YAML writer for the dataset card's front matter (dataset-card.ts): block mappings and
// sequences of the studio's own keys, and scalars written so that no value can change the
// document's shape. Every string is double-quoted with JSON's escapes (YAML's double-quoted style
// reads them the same way), plus \u escapes for what YAML takes as a line break or does not allow
// raw (DEL and C1 controls with NEL, the Unicode line and paragraph separators, a BOM): a
// constitution named `x"\n---\nlicense: mit` stays one string. Keys are ours, never user text, and
// must be plain words. Numbers must be finite; null is written as null.

export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
// JSON.stringify leaves these raw (it escapes C0 controls and lone surrogates itself); YAML would
// read them as line breaks or refuse them as not printable
const NOT_RAW_IN_YAML = /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g;

/** A string as a YAML double-quoted scalar. */
export function yamlString(text: string): string {
  return JSON.stringify(text).replace(NOT_RAW_IN_YAML, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function scalar(value: string | number | boolean | null): string {
  if (typeof value === "string") return yamlString(value);
  if (typeof value === "number" && !Number.isFinite(value)) throw new Error(`YAML: ${value} is not a finite number`);
  return String(value);
}

const isBlock = (value: YamlValue): value is YamlValue[] | { [key: string]: YamlValue } => typeof value === "object" && value !== null;

function key(name: string): string {
  if (!PLAIN_KEY.test(name)) throw new Error(`YAML: the key "${name}" is not a plain word`);
  return name;
}

/** A mapping as YAML block lines, indented by `indent` spaces. An empty mapping or sequence is written {} / []. */
function mappingLines(map: { [key: string]: YamlValue }, indent: number): string[] {
  const pad = " ".repeat(indent);
  const lines: string[] = [];
  for (const [name, value] of Object.entries(map)) {
    if (isBlock(value) && Object.keys(value).length > 0) {
      lines.push(`${pad}${key(name)}:`, ...valueLines(value, indent + 2));
    } else {
      lines.push(`${pad}${key(name)}: ${isBlock(value) ? (Array.isArray(value) ? "[]" : "{}") : scalar(value)}`);
    }
  }
  return lines;
}

function valueLines(value: YamlValue[] | { [key: string]: YamlValue }, indent: number): string[] {
  if (!Array.isArray(value)) return mappingLines(value, indent);
  const pad = " ".repeat(indent);
  const lines: string[] = [];
  for (const item of value) {
    if (!isBlock(item) || Object.keys(item).length === 0) {
      lines.push(`${pad}- ${isBlock(item) ? (Array.isArray(item) ? "[]" : "{}") : scalar(item)}`);
      continue;
    }
    // "- " then the item's first line; its other lines line up under it
    const inner = valueLines(item, indent + 2);
    lines.push(`${pad}- ${inner[0].slice(indent + 2)}`, ...inner.slice(1));
  }
  return lines;
}

/** A mapping as a YAML document's lines, ending with a newline. */
export function toYaml(map: { [key: string]: YamlValue }): string {
  return `${mappingLines(map, 0).join("\n")}\n`;
}
