import { describe, expect, it } from "vitest";
import { fairShares } from "./fair-share";

const split = (limit: number, wants: Record<string, number>, turn = 0) => Object.fromEntries(fairShares(limit, new Map(Object.entries(wants)), turn));
const total = (shares: Record<string, number>) => Object.values(shares).reduce((sum, share) => sum + share, 0);

describe("fairShares: an endpoint's concurrency shared between workers", () => {
  it("gives a worker alone the whole limit, whatever it wants", () => {
    expect(split(20, { a: 20 })).toEqual({ a: 20 });
    expect(split(20, { a: 3 })).toEqual({ a: 20 });
    expect(split(20, { a: 0 })).toEqual({ a: 20 });
  });

  it("splits the limit evenly between workers that all want more than it, the odd slots to one each", () => {
    const shares = split(20, { a: 20, b: 20, c: 20 });
    expect(total(shares)).toBe(20);
    expect(Object.values(shares).sort()).toEqual([6, 7, 7]);
  });

  it("gives a modest worker what it wants and the rest to the others (water-filling)", () => {
    expect(split(20, { a: 2, b: 20, c: 20 })).toEqual({ a: 2, b: 9, c: 9 });
    expect(split(20, { a: 2, b: 5, c: 20 })).toEqual({ a: 2, b: 5, c: 13 });
  });

  it("shares the slots nobody wants among the workers that want some, never beyond the limit", () => {
    expect(split(20, { a: 2, b: 3, c: 0 })).toEqual({ a: 10, b: 10, c: 0 });
    expect(total(split(20, { a: 1, b: 1, c: 1 }))).toBe(20);
  });

  it("with fewer slots than workers, gives one each to as many as fit, taking turns", () => {
    expect(split(2, { a: 5, b: 5, c: 5 }, 0)).toEqual({ a: 1, b: 1, c: 0 });
    expect(split(2, { a: 5, b: 5, c: 5 }, 1)).toEqual({ a: 0, b: 1, c: 1 });
    expect(split(2, { a: 5, b: 5, c: 5 }, 2)).toEqual({ a: 1, b: 0, c: 1 });
  });

  it("gives the same split whatever order the rows come in", () => {
    const one = fairShares(
      21,
      new Map([
        ["w1", 30],
        ["w2", 4],
        ["w3", 30],
        ["w4", 9],
      ]),
      5,
    );
    const other = fairShares(
      21,
      new Map([
        ["w4", 9],
        ["w3", 30],
        ["w1", 30],
        ["w2", 4],
      ]),
      5,
    );
    expect(Object.fromEntries(one)).toEqual(Object.fromEntries(other));
    expect(one.get("w2")).toBe(4);
    expect([...one.values()].reduce((a, b) => a + b)).toBe(21);
  });
});
