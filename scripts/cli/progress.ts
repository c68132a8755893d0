import type { ImportProgress } from "@/lib/schemas/import";

// One line on stderr, redrawn in place, while a command works (an import, an export, a run); only
// on a terminal, so logs and pipes get the summary alone.

export interface ProgressLine<T> {
  update(progress: T): void;
  clear(): void;
}

export function progressLine<T>(describe: (progress: T) => string, stream: NodeJS.WriteStream = process.stderr): ProgressLine<T> {
  if (!stream.isTTY) return { update() {}, clear() {} };
  let drawn = false;
  return {
    update(progress) {
      stream.write(`\r${describe(progress)}\x1b[K`);
      drawn = true;
    },
    clear() {
      if (drawn) stream.write("\r\x1b[K");
      drawn = false;
    },
  };
}

export function describeProgress({ records, fileBytes, fileBytesRead, problems, elapsedMs }: ImportProgress): string {
  const seconds = elapsedMs / 1000;
  const fraction = fileBytes > 0 ? Math.min(1, fileBytesRead / fileBytes) : 0;
  const rate = seconds > 0 ? records / seconds : 0;
  const eta = fraction > 0 && fraction < 1 ? (seconds / fraction) * (1 - fraction) : undefined;
  return [
    `${records.toLocaleString("en-US")} records`,
    `${(fraction * 100).toFixed(0)}% of ${formatBytes(fileBytes)}`,
    `${Math.round(rate).toLocaleString("en-US")}/s`,
    eta === undefined ? undefined : `ETA ${formatDuration(eta)}`,
    problems > 0 ? `${problems} bad lines skipped` : undefined,
  ]
    .filter(Boolean)
    .join(" · ");
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

export function formatDuration(seconds: number): string {
  const whole = Math.round(seconds);
  const minutes = Math.floor(whole / 60);
  return `${minutes}:${String(whole % 60).padStart(2, "0")}`;
}
