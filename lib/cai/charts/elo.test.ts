import { describe, expect, it } from "vitest";
import { bradleyTerry, winProbability } from "./bradley-terry";
import { btToElo, elo, eloExpected } from "./elo";

describe("elo", () => {
  it("plays three games by hand: a win, a tie, a soft 0.75", () => {
    const ratings = elo([
      // 1: x 1500 vs y 1500, expected 0.5, x wins: x += 32 * 0.5 = 16 -> 1516, y 1484
      { a: "x", b: "y", pA: 1 },
      // 2: y 1484 vs z 1500, expected for y 1 / (1 + 10^(16/400)) = 1 / (1 + 1.0964782) = 0.4769904;
      //    a tie: y += 32 * (0.5 - 0.4769904) = 0.7363068 -> 1484.7363, z -> 1499.2637
      { a: "y", b: "z", pA: 0.5 },
      // 3: x 1516 vs z 1499.2637, 10^(-16.7363 / 400) = 0.9081534, expected 1 / 1.9081534 = 0.5240669;
      //    pA 0.75: x += 32 * (0.75 - 0.5240669) = 7.2298602 -> 1523.2299, z -> 1492.0338
      { a: "x", b: "z", pA: 0.75 },
    ]);
    expect(ratings.map((r) => r.id)).toEqual(["x", "y", "z"]);
    expect(ratings[0].rating).toBeCloseTo(1523.2299, 4);
    expect(ratings[1].rating).toBeCloseTo(1484.7363, 4);
    expect(ratings[2].rating).toBeCloseTo(1492.0338, 4);
    expect(ratings.map((r) => r.games)).toEqual([2, 2, 2]);
    // zero-sum: the total stays 3 * 1500
    expect(ratings.reduce((sum, r) => sum + r.rating, 0)).toBeCloseTo(4500, 9);
  });

  it("takes k and the initial rating as options, and depends on order", () => {
    // k 10, start 1000: x beats y -> x 1005, y 995
    expect(elo([{ a: "x", b: "y", pA: 1 }], { k: 10, initial: 1000 }).map((r) => r.rating)).toEqual([1005, 995]);
    // x wins (1516 / 1484), then y wins as the underdog: expected 1 / (1 + 10^(32/400)) =
    // 1 / 2.2022644 = 0.4540781, y += 32 * 0.5459219 = 17.4695 -> y 1501.4695, x 1498.5305
    const xFirst = elo([
      { a: "x", b: "y", pA: 1 },
      { a: "y", b: "x", pA: 1 },
    ]);
    expect(xFirst.map((r) => r.rating)).toEqual([expect.closeTo(1498.5305, 4), expect.closeTo(1501.4695, 4)]);
    // the same two games the other way round: the last winner ends ahead
    const yFirst = elo([
      { a: "y", b: "x", pA: 1 },
      { a: "x", b: "y", pA: 1 },
    ]);
    expect(yFirst.find((r) => r.id === "x")!.rating).toBeCloseTo(1501.4695, 4);
  });

  it("refuses a self-comparison and a pA outside [0, 1]", () => {
    expect(() => elo([{ a: "x", b: "x", pA: 0.5 }])).toThrow();
    expect(() => elo([{ a: "x", b: "y", pA: -0.1 }])).toThrow();
    expect(elo([])).toEqual([]);
  });
});

describe("btToElo", () => {
  it("puts strength 1 at 1500 and strength 10 at 1900", () => {
    expect(btToElo(0)).toBe(1500);
    expect(btToElo(Math.log(10))).toBeCloseTo(1900, 9);
    expect(btToElo(-Math.log(10))).toBeCloseTo(1100, 9);
    // strength 3: 400 * log10(3) = 400 * 0.4771213 = 190.8485
    expect(btToElo(Math.log(3))).toBeCloseTo(1690.8485, 4);
  });

  it("makes Elo's expected score equal the Bradley-Terry win probability", () => {
    const { players } = bradleyTerry(
      [
        { a: "x", b: "y", pA: 0.75 },
        { a: "y", b: "z", pA: 0.8 },
      ],
      { prior: 0 },
    );
    const [x, , z] = players;
    expect(eloExpected(btToElo(x.logStrength), btToElo(z.logStrength))).toBeCloseTo(winProbability(x.strength, z.strength), 12);
    // s_x / s_z = 12: 12 / 13 = 0.9230769
    expect(winProbability(x.strength, z.strength)).toBeCloseTo(12 / 13, 8);
    // geometric mean 1 -> the converted ratings average 1500
    expect(players.reduce((sum, p) => sum + btToElo(p.logStrength), 0) / 3).toBeCloseTo(1500, 9);
  });
});
