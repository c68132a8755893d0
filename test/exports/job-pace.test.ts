import { describe, expect, it } from "vitest";
import { exportPace } from "@/components/exports/export-pace";

// The export page's rate and time left, worked by hand: rows written since the run started.

const START = "2026-11-27T12:00:00.000Z";
const at = (seconds: number) => Date.parse(START) + seconds * 1000;

describe("exportPace", () => {
  it("gives rows a second since the start and the time left at that rate", () => {
    // 3,000 rows in 20 s: 150 rows/s; 9,000 left take 60 s
    expect(exportPace({ rowsWritten: 3_000, totalRows: 12_000, startedAt: START }, at(20))).toEqual({ rowsPerSecond: 150, etaSeconds: 60 });
  });

  it("says nothing before there is something to measure", () => {
    expect(exportPace({ rowsWritten: 0, totalRows: 100, startedAt: null }, at(5))).toEqual({ rowsPerSecond: null, etaSeconds: null });
    expect(exportPace({ rowsWritten: 0, totalRows: 100, startedAt: START }, at(5))).toEqual({ rowsPerSecond: null, etaSeconds: null });
  });

  it("has a rate but no time left while the rows are not counted yet, and none left at the end", () => {
    expect(exportPace({ rowsWritten: 50, totalRows: null, startedAt: START }, at(10))).toEqual({ rowsPerSecond: 5, etaSeconds: null });
    expect(exportPace({ rowsWritten: 100, totalRows: 100, startedAt: START }, at(10))).toEqual({ rowsPerSecond: 10, etaSeconds: 0 });
  });
});
