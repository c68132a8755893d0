/** `labelHidden` keeps the label for screen readers only, e.g. in a table row that already names the thing. */
export function ProgressBar({ label, value, max, detail, labelHidden = false }: { label: string; value: number; max: number; detail?: string; labelHidden?: boolean }) {
  const percent = max > 0 ? Math.min(100, Math.round((value / max) * 100)) : 0;
  return (
    <div>
      <div className="mb-1 flex justify-between gap-4 text-sm">
        <span className={labelHidden ? "sr-only" : "font-medium text-stone-800"}>{label}</span>
        <span className="text-stone-600 tabular-nums">{detail ?? `${percent}%`}</span>
      </div>
      <div role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} className="h-2.5 overflow-hidden rounded-full bg-stone-200">
        <div className="h-full rounded-full bg-blue-700 transition-[width]" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
