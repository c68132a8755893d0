import { describe, expect, it } from "vitest";
import { bradleyTerry, winProbability, type Comparison } from "./bradley-terry";

const byId = (result: ReturnType<typeof bradleyTerry>) => Object.fromEntries(result.players.map((p) => [p.id, p]));

describe("bradleyTerry", () => {
  it("recovers strengths 4 : 2 : 1 from the soft labels they imply, and reproduces those labels", () => {
    // P(x beats y) = s_x / (s_x + s_y): x vs y 4/6, y vs z 2/3, x vs z 4/5. With pA equal to the
    // model's own probabilities, observed wins equal expected wins: that is the fit. Geometric mean
    // of 4, 2, 1 is 2, so normalised 2, 1, 0.5.
    const comparisons: Comparison[] = [
      { a: "x", b: "y", pA: 4 / 6 },
      { a: "y", b: "z", pA: 2 / 3 },
      { a: "x", b: "z", pA: 4 / 5 },
    ];
    const result = bradleyTerry(comparisons, { prior: 0 });
    expect(result.converged).toBe(true);
    const s = byId(result);
    expect(s.x.strength).toBeCloseTo(2, 8);
    expect(s.y.strength).toBeCloseTo(1, 8);
    expect(s.z.strength).toBeCloseTo(0.5, 8);
    expect(s.x.logStrength + s.y.logStrength + s.z.logStrength).toBeCloseTo(0, 12);
    for (const { a, b, pA } of comparisons) expect(winProbability(s[a].strength, s[b].strength)).toBeCloseTo(pA, 8);
  });

  it("solves a chain exactly: each link fixes one ratio", () => {
    // x vs y 0.75 -> s_x / s_y = 0.75 / 0.25 = 3; y vs z 0.8 -> s_y / s_z = 4. Logs (ln 12, ln 4, 0)
    // minus their mean (ln 3 + 2 ln 4) / 3: x = (2 ln 3 + ln 4) / 3 = 1.1945063,
    // y = (ln 4 - ln 3) / 3 = 0.0958940, z = -(ln 3 + 2 ln 4) / 3 = -1.2904003
    const s = byId(
      bradleyTerry(
        [
          { a: "x", b: "y", pA: 0.75 },
          { a: "y", b: "z", pA: 0.8 },
        ],
        { prior: 0 },
      ),
    );
    expect(s.x.logStrength).toBeCloseTo(1.1945063, 6);
    expect(s.y.logStrength).toBeCloseTo(0.095894, 6);
    expect(s.z.logStrength).toBeCloseTo(-1.2904003, 6);
  });

  it("fits an inconsistent triangle to the root of its cubic", () => {
    // x beats y 0.75, y beats z 0.75, x vs z 0.5 (a transitive judge would say 0.9). Reversing the
    // order of the players maps the problem onto itself, so s_y = 1 and s_z = 1 / s_x = 1 / a.
    // x's equation, wins = expected wins: 0.75 + 0.5 = a / (a + 1) + a / (a + 1/a)
    //   4 (a (a^2 + 1) + a^2 (a + 1)) = 5 (a + 1)(a^2 + 1)  ->  3a^3 - a^2 - a - 5 = 0
    // Newton from 1.41: f = 0.011563, f' = 9a^2 - 2a - 1 = 14.0729, a = 1.41 - 0.000822 = 1.409178
    const s = byId(
      bradleyTerry(
        [
          { a: "x", b: "y", pA: 0.75 },
          { a: "y", b: "z", pA: 0.75 },
          { a: "x", b: "z", pA: 0.5 },
        ],
        { prior: 0 },
      ),
    );
    const a = s.x.strength;
    expect(a).toBeCloseTo(1.409178, 5);
    expect(3 * a ** 3 - a ** 2 - a - 5).toBeCloseTo(0, 8);
    expect(s.y.strength).toBeCloseTo(1, 8);
    expect(s.z.strength).toBeCloseTo(1 / a, 8);
    // the fit cannot honour x vs z = 0.5 and says x is the stronger: a^2 / (a^2 + 1) = 0.665
    expect(winProbability(s.x.strength, s.z.strength)).toBeCloseTo(0.665, 3);
  });

  it("counts a weight as that many copies of the comparison", () => {
    // x vs y at 0.75 once and at 0.25 three times: x wins 0.75 + 0.75 = 1.5 of 4 games, so
    // s_x / s_y = 1.5 / 2.5 = 0.6: normalised sqrt(0.6) = 0.7745967 and 1 / sqrt(0.6) = 1.2909944
    const weighted = byId(
      bradleyTerry(
        [
          { a: "x", b: "y", pA: 0.75 },
          { a: "x", b: "y", pA: 0.25, weight: 3 },
        ],
        { prior: 0 },
      ),
    );
    expect(weighted.x.strength).toBeCloseTo(0.7745967, 6);
    expect(weighted.y.strength).toBeCloseTo(1.2909944, 6);
    expect(weighted.x.wins).toBeCloseTo(1.5, 12);
    expect(weighted.x.games).toBe(4);
    const copies = byId(bradleyTerry([{ a: "x", b: "y", pA: 0.75 }, ...Array(3).fill({ a: "x", b: "y", pA: 0.25 })], { prior: 0 }));
    expect(copies.x.strength).toBeCloseTo(weighted.x.strength, 8);
  });

  it("keeps a player who never wins finite with the default prior: one virtual tie against strength 1", () => {
    // x beats y outright (pA = 1). Each also ties the pseudo-player (strength 1) once. Swapping x and
    // y while inverting strengths maps the problem onto itself, so s_y = 1 / s_x = 1 / a. x's
    // equation: 1 + 0.5 = a / (a + 1/a) + a / (a + 1) = a^2 / (a^2 + 1) + a / (a + 1)
    //   1.5 (a^2 + 1)(a + 1) = a^2 (a + 1) + a (a^2 + 1)  ->  a^3 - a^2 - a - 3 = 0, a = 2.130395
    const result = bradleyTerry([{ a: "x", b: "y", pA: 1 }]);
    const s = byId(result);
    expect(result.converged).toBe(true);
    expect(s.x.strength).toBeCloseTo(2.130395, 5);
    expect(s.y.strength).toBeCloseTo(1 / 2.130395, 5);
    expect(s.y.wins).toBe(0);
    // P(x beats y) = a^2 / (a^2 + 1) = 4.538585 / 5.538585 = 0.8194: confident, not certain
    expect(winProbability(s.x.strength, s.y.strength)).toBeCloseTo(0.8194, 4);
  });

  it("refuses a plain fit that does not exist", () => {
    expect(() => bradleyTerry([{ a: "x", b: "y", pA: 1 }], { prior: 0 })).toThrow(/does not exist/);
    // two separate pairs: nothing relates x, y to u, v
    const apart = [
      { a: "x", b: "y", pA: 0.6 },
      { a: "u", b: "v", pA: 0.6 },
    ];
    expect(() => bradleyTerry(apart, { prior: 0 })).toThrow(/does not exist/);
    // the prior ties them together through the pseudo-player: x and u come out equal
    const s = byId(bradleyTerry(apart));
    expect(s.x.strength).toBeCloseTo(s.u.strength, 8);
    expect(s.x.strength).toBeGreaterThan(s.y.strength);
  });

  it("shrinks strengths towards each other with the prior, less as the data grow", () => {
    // plain fit of x vs y at 0.75 gives a ratio of 3; the virtual ties pull it below 3
    const once = byId(bradleyTerry([{ a: "x", b: "y", pA: 0.75 }]));
    const many = byId(bradleyTerry([{ a: "x", b: "y", pA: 0.75, weight: 100 }]));
    const ratioOnce = once.x.strength / once.y.strength;
    const ratioMany = many.x.strength / many.y.strength;
    expect(ratioOnce).toBeGreaterThan(1);
    expect(ratioOnce).toBeLessThan(ratioMany);
    expect(ratioMany).toBeLessThan(3);
    expect(ratioMany).toBeGreaterThan(2.9);
  });

  it("reports whether it converged, and handles no comparisons", () => {
    const cut = bradleyTerry(
      [
        { a: "x", b: "y", pA: 0.9 },
        { a: "y", b: "z", pA: 0.9 },
      ],
      { maxIterations: 1 },
    );
    expect(cut).toMatchObject({ iterations: 1, converged: false });
    expect(bradleyTerry([])).toEqual({ players: [], iterations: 0, converged: true });
  });

  it("refuses a self-comparison, a pA outside [0, 1] and a negative weight; ignores weight 0", () => {
    expect(() => bradleyTerry([{ a: "x", b: "x", pA: 0.5 }])).toThrow();
    expect(() => bradleyTerry([{ a: "x", b: "y", pA: 1.2 }])).toThrow();
    expect(() => bradleyTerry([{ a: "x", b: "y", pA: 0.5, weight: -1 }])).toThrow();
    const s = byId(
      bradleyTerry(
        [
          { a: "x", b: "y", pA: 0.75 },
          { a: "x", b: "y", pA: 0, weight: 0 },
        ],
        { prior: 0 },
      ),
    );
    expect(s.x.strength / s.y.strength).toBeCloseTo(3, 8);
    expect(s.x.games).toBe(1);
  });
});
