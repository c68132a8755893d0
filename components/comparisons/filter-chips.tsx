"use client";

import { SOURCE_LABELS } from "@/components/ui/label-format";
import { COMPARISON_FILTER_KEYS, type ComparisonListQuery } from "@/lib/schemas/comparisons";
import type { RunOption } from "./comparison-filters";

// The comparisons list's active filters as chips, each removable on its own: a chart's "Show" link
// arrives with filters the form above has no control for (a P(A) range, a principle, people's
// answers), and the chips say what the list holds and how to widen it.

type FilterKey = (typeof COMPARISON_FILTER_KEYS)[number];

export interface FilterNames {
  principle?: string;
  endpoint?: string;
  experiment?: string;
  armX?: string;
  armY?: string;
  revisedBy?: string;
}

const OUTCOMES: Record<NonNullable<ComparisonListQuery["outcome"]>, string> = {
  A: "response A preferred",
  B: "response B preferred",
  tie: "judged a tie",
};

const HUMANS: Record<NonNullable<ComparisonListQuery["humans"]>, string> = {
  any: "answered by people",
  review: "answered by reviewers",
  imported: "with an imported human label",
};

export function FilterChips({
  query,
  datasets,
  runs,
  names,
  onChange,
}: {
  query: ComparisonListQuery;
  datasets: { id: number; name: string }[];
  runs: RunOption[];
  names: FilterNames;
  onChange: (next: ComparisonListQuery) => void;
}) {
  const chips = chipsOf(query, datasets, runs, names);
  if (chips.length === 0) return null;
  const remove = (keys: FilterKey[]) => {
    const next: ComparisonListQuery = { ...query, before: undefined, after: undefined };
    for (const key of keys) delete next[key];
    onChange(next);
  };
  return (
    <ul aria-label="Active filters" className="flex flex-wrap gap-2">
      {chips.map((chip) => (
        <li key={chip.keys.join()} className="inline-flex items-center gap-1 rounded-full border border-blue-200 bg-blue-50 py-0.5 pr-1 pl-3 text-sm text-blue-950">
          {chip.label}
          <button type="button" onClick={() => remove(chip.keys)} aria-label={`Remove filter: ${chip.label}`} className="rounded-full px-1.5 text-blue-900 hover:bg-blue-100">
            <span aria-hidden>×</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

function chipsOf(query: ComparisonListQuery, datasets: { id: number; name: string }[], runs: RunOption[], names: FilterNames): { keys: FilterKey[]; label: string }[] {
  const chips: { keys: FilterKey[]; label: string }[] = [];
  if (query.dataset !== undefined) chips.push({ keys: ["dataset"], label: `dataset ${datasets.find((d) => d.id === query.dataset)?.name ?? `#${query.dataset}`}` });
  if (query.source) chips.push({ keys: ["source"], label: `source ${SOURCE_LABELS[query.source]}` });
  if (query.judged) chips.push({ keys: ["judged"], label: query.judged === "yes" ? "judged" : "not judged yet" });
  if (query.run !== undefined) {
    const run = runs.find((r) => r.id === query.run);
    chips.push({ keys: ["run"], label: `run ${run?.name || `#${query.run}`}` });
  }
  // a bin's range: its top is open, except the last bin's, which holds 1
  const range = (min: number | undefined, max: number | undefined) => `[${min ?? 0}, ${max ?? 1}${(max ?? 1) === 1 ? "]" : ")"}`;
  if (query.pAMin !== undefined || query.pAMax !== undefined) {
    chips.push({ keys: ["pAMin", "pAMax", "pAOf"], label: `${query.pAOf === "raw" ? "raw P(A)" : "P(A)"} in ${range(query.pAMin, query.pAMax)}` });
  }
  if (query.abMin !== undefined || query.abMax !== undefined) chips.push({ keys: ["abMin", "abMax"], label: `P(A) shown first in ${range(query.abMin, query.abMax)}` });
  if (query.baMin !== undefined || query.baMax !== undefined) chips.push({ keys: ["baMin", "baMax"], label: `P(A) shown second in ${range(query.baMin, query.baMax)}` });
  if (query.principle !== undefined) chips.push({ keys: ["principle"], label: `principle ${names.principle ?? `#${query.principle}`}` });
  if (query.endpoint !== undefined) chips.push({ keys: ["endpoint"], label: `judge ${names.endpoint ?? `#${query.endpoint}`}` });
  if (query.flipped) chips.push({ keys: ["flipped"], label: "flipped with the order" });
  if (query.humans) chips.push({ keys: ["humans"], label: HUMANS[query.humans] });
  if (query.experiment !== undefined) chips.push({ keys: ["experiment", "armX", "armY"], label: `experiment ${names.experiment ?? `#${query.experiment}`}` });
  if (query.armX !== undefined) chips.push({ keys: ["armX"], label: `arm ${names.armX ?? `#${query.armX}`} as A` });
  if (query.armY !== undefined) chips.push({ keys: ["armY"], label: `arm ${names.armY ?? `#${query.armY}`} as B` });
  if (query.outcome) chips.push({ keys: ["outcome"], label: OUTCOMES[query.outcome] });
  if (query.revisedBy !== undefined) chips.push({ keys: ["revisedBy"], label: `revisions by ${names.revisedBy ?? `principle #${query.revisedBy}`}` });
  return chips;
}
