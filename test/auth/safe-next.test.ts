import { describe, expect, it } from "vitest";
import { safeNextPath } from "@/components/auth/safe-next";

// Where the sign-in page sends someone afterwards: a path in the studio as they asked for it, or
// /datasets for anything that a browser would take somewhere else (or that is not a valid header).

describe("the path after signing in", () => {
  it("keeps a path inside the studio, with its query and hash", () => {
    expect(safeNextPath("/prompts?q=knife#row-3")).toBe("/prompts?q=knife#row-3");
    expect(safeNextPath("/runs/12")).toBe("/runs/12");
  });

  it.each([
    ["another site", "https://evil.example/"],
    ["a protocol-relative address", "//evil.example/"],
    ["a backslash a browser reads as a slash", "/\\evil.example/"],
    ["a tab a browser drops (the audit's %2F%09%2Fevil.example%2F)", "/\t/evil.example/"],
    ["a line feed a browser drops", "/\n/evil.example/"],
    ["a carriage return a browser drops", "/\r/evil.example/"],
    ["a dot segment that collapses to //", "/.//evil.example/"],
    ["a path that is not a path", "evil.example"],
    ["sign-in itself (a loop)", "/sign-in?next=/sign-in"],
    ["nothing", null],
  ])("refuses %s", (_what, next) => {
    expect(safeNextPath(next)).toBe("/datasets");
  });

  it("never gives back a line break, which is not allowed in a Location header (the signed-in redirect answered 500)", () => {
    for (const next of ["/datasets\n", "/datasets%0A", "/prompts?q=a\nb", "/prompts?q=a%0D%0Ab"]) {
      const path = safeNextPath(next);
      // eslint-disable-next-line no-control-regex -- a control character is what the path must not hold
      expect(path).not.toMatch(/[\u0000-\u001f\u007f]/);
      expect(() => new Headers({ location: path })).not.toThrow();
    }
  });
});
