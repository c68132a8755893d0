import { describe, expect, it } from "vitest";
import { splitOf } from "./split";

describe("H4 train/test split", () => {
  const hashes = Array.from({ length: 4000 }, (_, i) => `prompt-hash-${i}`);
  it("is the same for the same seed, and another seed draws another split", () => {
    const a = hashes.map((h) => splitOf(h, 42, 0.1));
    expect(hashes.map((h) => splitOf(h, 42, 0.1))).toEqual(a);
    expect(hashes.map((h) => splitOf(h, 43, 0.1))).not.toEqual(a);
  });
  it("puts about testFraction of prompts in test; 0 puts none", () => {
    const test = hashes.filter((h) => splitOf(h, 42, 0.1) === "test").length / hashes.length;
    expect(test).toBeGreaterThan(0.085);
    expect(test).toBeLessThan(0.115);
    expect(hashes.some((h) => splitOf(h, 42, 0) === "test")).toBe(false);
  });
  it("a larger fraction only moves prompts from train to test", () => {
    for (const h of hashes) if (splitOf(h, 7, 0.1) === "test") expect(splitOf(h, 7, 0.3)).toBe("test");
  });
});
