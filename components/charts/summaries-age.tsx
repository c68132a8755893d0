import { formatDateTime, formatDuration } from "@/components/ui/format";
import type { SummaryFreshness } from "@/lib/schemas/charts";

/**
 * A quiet line over a chart read from summaries that wait for a rebuild (lib/server/charts/summaries.ts):
 * how old its numbers are, and what they may lack or still count. Nothing while they are current.
 */
export function SummariesAge({ summaries }: { summaries: SummaryFreshness | null }) {
  if (!summaries || summaries.current) return null;
  const age = summaries.ageSeconds === null ? "" : ` (${formatDuration(summaries.ageSeconds * 1000)} ago)`;
  return (
    <p role="status" className="mb-4 text-sm text-stone-600">
      {summaries.staleSince ? `Numbers as of ${formatDateTime(summaries.staleSince)}${age}` : "Numbers from before a recent change"}, updating: changes since then are not in them yet, and
      rows deleted since may still be counted. {summaries.rebuilding ? "A worker is rebuilding them now." : "Waiting for a worker to rebuild them."}
    </p>
  );
}
