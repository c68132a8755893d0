import { formatCount } from "@/components/ui/format";

// Done, failed and remaining items in one bar, each segment also counted in words beside it, so the
// split reads without telling green from red. Failed items count as finished for the percentage.

export function RunProgressBar({
  total,
  done,
  failed,
  label,
  compact = false,
  unit = "prompts",
}: {
  total: number;
  done: number;
  failed: number;
  label: string;
  compact?: boolean;
  unit?: string;
}) {
  const finished = done + failed;
  const percent = total > 0 ? Math.floor((finished / total) * 100) : 0;
  const width = (n: number) => `${total > 0 ? (n / total) * 100 : 0}%`;
  const remaining = Math.max(0, total - finished);
  return (
    <div>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={finished}
        aria-valuetext={`${formatCount(done)} of ${formatCount(total)} done, ${formatCount(failed)} failed (${percent}%)`}
        className={`flex overflow-hidden rounded-full bg-stone-200 ${compact ? "h-2" : "h-3"}`}
      >
        <div className="h-full bg-green-700 transition-[width]" style={{ width: width(done) }} />
        <div className="h-full bg-red-600 transition-[width]" style={{ width: width(failed) }} />
      </div>
      {compact ? (
        <div className="mt-1 text-xs text-stone-600 tabular-nums">
          {formatCount(done)}/{formatCount(total)}
          {failed > 0 && <span className="text-red-800"> · {formatCount(failed)} failed</span>}
        </div>
      ) : (
        <div className="mt-1.5 flex flex-wrap gap-x-4 text-sm text-stone-700 tabular-nums">
          <span className="font-semibold text-stone-900">{percent}%</span>
          <span>{formatCount(done)} done</span>
          <span className={failed > 0 ? "font-medium text-red-800" : undefined}>{formatCount(failed)} failed</span>
          <span>{formatCount(remaining)} remaining</span>
          <span className="text-stone-500">
            of {formatCount(total)} {unit}
          </span>
        </div>
      )}
    </div>
  );
}
