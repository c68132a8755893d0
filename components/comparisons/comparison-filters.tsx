"use client";

import { useId } from "react";
import { SOURCE_LABELS } from "@/components/ui/label-format";
import { COMPARISON_SOURCES, type ComparisonListQuery } from "@/lib/schemas/comparisons";

const INPUT = "mt-1 block w-full rounded-md border border-stone-300 bg-white px-3 py-2 text-stone-900";

export interface RunOption {
  id: number;
  name: string;
  kind: string;
}

/** Filters; any change starts again from the newest comparison (cursors are dropped). */
export function ComparisonFilters({
  query,
  datasets,
  runs,
  onChange,
}: {
  query: ComparisonListQuery;
  datasets: { id: number; name: string }[];
  runs: RunOption[];
  onChange: (next: ComparisonListQuery) => void;
}) {
  const ids = { dataset: useId(), source: useId(), judged: useId(), run: useId() };
  const base = { ...query, before: undefined, after: undefined };
  return (
    <div role="group" aria-label="Filters" className="grid items-end gap-3 rounded-lg border border-stone-200 bg-white p-4 md:grid-cols-4">
      <div>
        <label htmlFor={ids.dataset} className="text-sm font-medium">
          Dataset
        </label>
        <select id={ids.dataset} value={query.dataset ?? ""} onChange={(e) => onChange({ ...base, dataset: e.target.value ? Number(e.target.value) : undefined })} className={INPUT}>
          <option value="">All datasets</option>
          {datasets.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={ids.source} className="text-sm font-medium">
          Source
        </label>
        <select id={ids.source} value={query.source ?? ""} onChange={(e) => onChange({ ...base, source: (e.target.value || undefined) as ComparisonListQuery["source"] })} className={INPUT}>
          <option value="">Any source</option>
          {COMPARISON_SOURCES.map((s) => (
            <option key={s} value={s}>
              {SOURCE_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={ids.judged} className="text-sm font-medium">
          AI verdict
        </label>
        <select id={ids.judged} value={query.judged ?? ""} onChange={(e) => onChange({ ...base, judged: (e.target.value || undefined) as ComparisonListQuery["judged"] })} className={INPUT}>
          <option value="">Judged or not</option>
          <option value="yes">Judged</option>
          <option value="no">Not judged yet</option>
        </select>
      </div>
      <div>
        <label htmlFor={ids.run} className="text-sm font-medium">
          Run
        </label>
        <select id={ids.run} value={query.run ?? ""} onChange={(e) => onChange({ ...base, run: e.target.value ? Number(e.target.value) : undefined })} className={INPUT}>
          <option value="">Any run</option>
          {runs.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name || `Run #${r.id}`} ({r.kind === "LABEL" ? "labeling" : r.kind === "SAMPLE" ? "sampling" : "SL-CAI"} #{r.id})
            </option>
          ))}
        </select>
      </div>
      <label className="flex items-center gap-2 text-sm md:col-span-4">
        <input type="checkbox" className="size-4 accent-blue-800" checked={query.flipped ?? false} onChange={(e) => onChange({ ...base, flipped: e.target.checked || undefined })} />
        Only pairs whose verdict flipped with the order (position bias)
      </label>
    </div>
  );
}
