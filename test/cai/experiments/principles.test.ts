import { describe, expect, it } from "vitest";
import { principleEffects, type RevisionOutcome } from "@/lib/cai/experiments/principles";
import { wilsonInterval } from "@/lib/cai/experiments/wilson";

describe("wilsonInterval", () => {
  it("reproduces Newcombe (1998)'s examples: 81/263, 15/148, 0/20, 1/29", () => {
    const check = (x: number, n: number, low: number, high: number) => {
      const interval = wilsonInterval(x, n)!;
      expect(interval.low).toBeCloseTo(low, 4);
      expect(interval.high).toBeCloseTo(high, 4);
    };
    check(81, 263, 0.2553, 0.3662);
    check(15, 148, 0.0624, 0.1605);
    check(0, 20, 0, 0.1611);
    check(1, 29, 0.0061, 0.1718);
    // 0 of n: the upper end is z^2 / (n + z^2) exactly
    expect(wilsonInterval(0, 20)!.high).toBeCloseTo(1.959963984540054 ** 2 / (20 + 1.959963984540054 ** 2), 14);
    expect(wilsonInterval(0, 0)).toBeNull();
  });
});

const revisions = (principle: string, changes: number[], pBetter: number[] = []): RevisionOutcome[] =>
  Array.from({ length: Math.max(changes.length, pBetter.length) }, (_, i) => ({
    principle,
    scoreChange: changes[i] ?? null,
    pRevisionBetter: pBetter[i] ?? null,
  }));

describe("principleEffects", () => {
  it("reports each principle's mean score change with its t-interval and its revisions' win share with Wilson's", () => {
    // changes 1, 2, 3, 4: mean 2.5, sd sqrt(5/3) = 1.290994, half-width t(0.975, 3) x sd / 2 = 3.1824463 x 0.6454972 = 2.0542602
    const [effect] = principleEffects(revisions("harmful1", [1, 2, 3, 4], [0.9, 0.8, 0.5, 0.1]));
    expect(effect.principle).toBe("harmful1");
    expect(effect.revisions).toBe(4);
    expect(effect.scoreChange.mean).toBe(2.5);
    expect(effect.scoreChange.low!).toBeCloseTo(2.5 - 2.0542602, 6);
    expect(effect.scoreChange.high!).toBeCloseTo(2.5 + 2.0542602, 6);
    // 2 wins, 1 tie, 1 loss: share 2.5 / 4
    expect(effect.revisionWins).toMatchObject({ n: 4, wins: 2, ties: 1, losses: 1, share: 0.625 });
    expect(effect.revisionWins!.interval).toEqual(wilsonInterval(2.5, 4));
    // interval of the change excludes 0 (0.446 to 4.554): no score flag; wins inconclusive
    expect(effect.scoreFlag).toBeNull();
    expect(effect.flag).toBeNull();
  });

  it("flags a principle whose revisions make answers worse: the score interval lies below 0", () => {
    const [effect] = principleEffects(revisions("bad", [-1, -1.2, -0.8, -1.1, -0.9]));
    expect(effect.scoreChange.high!).toBeLessThan(0);
    expect(effect).toMatchObject({ scoreFlag: "worse", winFlag: null, flag: "worse" });
  });

  it("flags a principle that changes nothing: interval holds 0 and |mean| <= 0.1 sd", () => {
    // mean 0.01, sd about 1: the data show a change near nothing
    const changes = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? 1 : -1) + 0.01);
    const [effect] = principleEffects(revisions("idle", changes));
    expect(effect.scoreChange.mean!).toBeCloseTo(0.01, 12);
    expect(effect).toMatchObject({ scoreFlag: "no-change", flag: "no-change" });
    // revisions that leave every score as it was
    expect(principleEffects(revisions("same", [0, 0, 0]))[0].flag).toBe("no-change");
  });

  it("does not flag an uncertain principle: the interval holds 0 but the mean is not small", () => {
    const [effect] = principleEffects(revisions("unsure", [3, -1, 2.5, -0.5]));
    expect(effect.scoreChange.low!).toBeLessThan(0);
    expect(effect.scoreChange.mean!).toBe(1);
    expect(effect.scoreFlag).toBeNull();
  });

  it("flags by the revisions' wins when no scores exist", () => {
    // 2 wins of 20: Wilson high 0.3010 < 0.5
    const losing = principleEffects(revisions("loses", [], [...Array(2).fill(0.9), ...Array(18).fill(0.1)]))[0];
    expect(losing.revisionWins!.interval.high).toBeCloseTo(0.301, 3);
    expect(losing).toMatchObject({ winFlag: "worse", scoreFlag: null, flag: "worse" });
    // 100 wins, 100 losses, 10 ties: share exactly 1/2
    const even = principleEffects(revisions("even", [], [...Array(100).fill(0.8), ...Array(100).fill(0.2), ...Array(10).fill(0.5)]))[0];
    expect(even.revisionWins!.share).toBe(0.5);
    expect(even).toMatchObject({ winFlag: "no-change", flag: "no-change" });
  });

  it("keeps the principles in the order they first appear, counting revisions without score or verdict", () => {
    const effects = principleEffects([{ principle: "b", scoreChange: 1 }, { principle: "a" }, { principle: "b", pRevisionBetter: 0.7 }]);
    expect(effects.map((e) => [e.principle, e.revisions])).toEqual([
      ["b", 2],
      ["a", 1],
    ]);
    expect(effects[1]).toMatchObject({ revisionWins: null, scoreFlag: null, winFlag: null, flag: null });
    expect(effects[1].scoreChange.n).toBe(0);
  });
});
