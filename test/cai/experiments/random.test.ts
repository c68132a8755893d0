import { describe, expect, it } from "vitest";
import { SeededRandom, seededRandom } from "@/lib/cai/experiments/random";
import { mulberry32 } from "@/lib/cai/seeded-random";

describe("SeededRandom", () => {
  it("is the studio's mulberry32 stream: the same seed, the same numbers", () => {
    const ours = new SeededRandom(12345);
    const studio = mulberry32(12345);
    for (let i = 0; i < 1000; i++) expect(ours.next()).toBe(studio());
  });

  it("draws resample counts as n draws of below(n), from the same stream", () => {
    const a = new SeededRandom("experiment-3");
    const b = new SeededRandom("experiment-3");
    const counts = new Int32Array(7);
    a.resampleCounts(counts);
    const expected = new Int32Array(7);
    for (let i = 0; i < 7; i++) expected[b.below(7)]++;
    expect(Array.from(counts)).toEqual(Array.from(expected));
    expect(counts.reduce((s, c) => s + c, 0)).toBe(7);
    // and the streams continue alike
    expect(a.next()).toBe(b.next());
  });

  it("differs between seeds and hashes a string seed", () => {
    expect(seededRandom(1)()).not.toBe(seededRandom(2)());
    expect(seededRandom("a")()).toBe(seededRandom("a")());
    expect(seededRandom("a")()).not.toBe(seededRandom("b")());
  });
});
