import { describe, expect, it } from "vitest";
import { pickedFirst, shownOrder, sidesInOrder } from "./review-sides";

describe("shownOrder", () => {
  it("is the same for the same seed, reviewer and pair", () => {
    expect(shownOrder("s1", "user-1", 7)).toBe(shownOrder("s1", "user-1", 7));
  });

  it("shows A first when the queue has no seed", () => {
    for (let id = 1; id <= 20; id++) expect(shownOrder(null, "user-1", id)).toBe("AB");
  });

  it("swaps about half the pairs, and differently for two reviewers", () => {
    const ids = Array.from({ length: 400 }, (_, i) => i + 1);
    const first = ids.map((id) => shownOrder("queue-seed", "alice", id));
    const second = ids.map((id) => shownOrder("queue-seed", "bob", id));
    const swapped = first.filter((order) => order === "BA").length;
    expect(swapped).toBeGreaterThan(160);
    expect(swapped).toBeLessThan(240);
    const differ = ids.filter((_, i) => first[i] !== second[i]).length;
    expect(differ).toBeGreaterThan(160);
    expect(differ).toBeLessThan(240);
  });

  it("changes with the seed", () => {
    const ids = Array.from({ length: 100 }, (_, i) => i + 1);
    const a = ids.map((id) => shownOrder("one", "alice", id)).join();
    const b = ids.map((id) => shownOrder("two", "alice", id)).join();
    expect(a).not.toBe(b);
  });

  it("pins a few draws, so a change to the hash is seen (answers store the order they were shown in)", () => {
    expect([1, 2, 3, 4, 5, 6].map((id) => shownOrder("pinned", "reviewer", id))).toEqual(["AB", "BA", "AB", "BA", "AB", "AB"]);
  });
});

describe("sidesInOrder and pickedFirst", () => {
  it("map the shown order to the comparison's sides", () => {
    expect(sidesInOrder("AB")).toEqual(["A", "B"]);
    expect(sidesInOrder("BA")).toEqual(["B", "A"]);
    expect(pickedFirst("A", "AB")).toBe(true);
    expect(pickedFirst("A", "BA")).toBe(false);
    expect(pickedFirst("B", "BA")).toBe(true);
    expect(pickedFirst("TIE", "BA")).toBeNull();
    expect(pickedFirst("SKIP", "AB")).toBeNull();
  });
});
