import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The README shows the API examples in full; e2e/api-tokens.spec.ts runs the files. This keeps
// what people read and what CI runs the same text.

const ROOT = path.resolve(import.meta.dirname, "../..");

describe("the README's API examples", () => {
  it.each(["examples/label-and-export.sh", "examples/label_and_export.py"])("shows %s as it is", (file) => {
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
    expect(readme).toContain(readFileSync(path.join(ROOT, file), "utf8").trimEnd());
  });
});
