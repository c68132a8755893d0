import { describe, expect, it } from "vitest";
import { describeProgress, formatBytes, formatDuration } from "@/scripts/cli/progress";

describe("the CLI's progress line", () => {
  it("shows records, share of the file, rate and time left", () => {
    const line = describeProgress({ records: 12_000, fileBytes: 200 * 1024 * 1024, fileBytesRead: 50 * 1024 * 1024, lines: 12_000, problems: 0, elapsedMs: 30_000 });
    expect(line).toBe("12,000 records · 25% of 200.0 MB · 400/s · ETA 1:30");
  });

  it("mentions skipped lines, and no ETA before any byte is read", () => {
    expect(describeProgress({ records: 0, fileBytes: 1000, fileBytesRead: 0, lines: 3, problems: 3, elapsedMs: 0 })).toBe("0 records · 0% of 1000 B · 0/s · 3 bad lines skipped");
  });

  it("formats sizes and durations", () => {
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(3 * 1024 ** 3)).toBe("3.00 GB");
    expect(formatDuration(3725)).toBe("62:05");
  });
});
