import { formatDuration } from "@/components/ui/format";

/** How long a run has taken: start to finish, or start to now while it goes on. */
export function runDuration(startedAt: string | null, finishedAt: string | null, now = Date.now()): string | null {
  if (!startedAt) return null;
  const end = finishedAt ? Date.parse(finishedAt) : now;
  return formatDuration(Math.max(0, end - Date.parse(startedAt)));
}

export function formatEta(seconds: number | null): string {
  if (seconds === null) return "unknown";
  if (seconds === 0) return "none left";
  return `about ${formatDuration(seconds * 1000)}`;
}
