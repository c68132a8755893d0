import { describe, expect, it } from "vitest";
import { keysHint, reviewKeyAction, type KeyPress } from "@/components/review/review-keys";

const press = (key: string, more: Partial<KeyPress> = {}): KeyPress => ({
  key,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  repeat: false,
  inTextField: false,
  ...more,
});

describe("the review screen's keys", () => {
  it("answers with 1, 2, 3 and s, flags with f, walks with j and k", () => {
    expect(["1", "2", "3", "s", "f", "j", "k"].map((key) => reviewKeyAction(press(key)))).toEqual([
      { kind: "answer", choice: "A" },
      { kind: "answer", choice: "B" },
      { kind: "answer", choice: "TIE" },
      { kind: "answer", choice: "SKIP" },
      { kind: "flag" },
      { kind: "next" },
      { kind: "previous" },
    ]);
  });

  it("leaves other keys, text typed into a field, browser shortcuts and held keys alone", () => {
    expect(reviewKeyAction(press("4"))).toBeNull();
    expect(reviewKeyAction(press("a"))).toBeNull();
    expect(reviewKeyAction(press("1", { inTextField: true }))).toBeNull();
    expect(reviewKeyAction(press("j", { inTextField: true }))).toBeNull();
    expect(reviewKeyAction(press("1", { ctrlKey: true }))).toBeNull();
    expect(reviewKeyAction(press("k", { metaKey: true }))).toBeNull();
    expect(reviewKeyAction(press("S", { shiftKey: true }))).toBeNull();
    expect(reviewKeyAction(press("2", { altKey: true }))).toBeNull();
    expect(reviewKeyAction(press("1", { repeat: true }))).toBeNull();
  });

  it('names what 1 and 2 pick in the keys line, by side or by position, never "1 1, 2 2"', () => {
    expect(keysHint(false)).toMatch(/^Keys: 1 A, 2 B, 3 tie, s skip/);
    expect(keysHint(true)).toMatch(/^Keys: 1 response 1, 2 response 2, 3 tie, s skip/);
  });
});
