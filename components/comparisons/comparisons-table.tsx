import Link from "next/link";
import { FlipBadge } from "@/components/labels/flip-badge";
import { ORIGIN_LABELS, SOURCE_LABELS } from "@/components/ui/label-format";
import { ProbabilityBar } from "@/components/labels/probability-bar";
import type { ComparisonRow, ComparisonSide } from "@/lib/schemas/comparisons";

/** One row per comparison; the verdict column is the newest labeling run's P(A) as used. */
export function ComparisonsTable({ rows, runParam }: { rows: ComparisonRow[]; runParam?: number }) {
  const href = (id: number) => `/comparisons/${id}${runParam ? `?run=${runParam}` : ""}`;
  return (
    <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
      <table className="w-full text-sm">
        <caption className="sr-only">Comparisons</caption>
        <thead className="bg-stone-100 text-left text-stone-600">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">Comparison</th>
            <th scope="col" className="px-3 py-2 font-medium">Prompt</th>
            <th scope="col" className="px-3 py-2 font-medium">Source</th>
            <th scope="col" className="px-3 py-2 font-medium">A</th>
            <th scope="col" className="px-3 py-2 font-medium">B</th>
            <th scope="col" className="px-3 py-2 font-medium">Verdict P(A)</th>
            <th scope="col" className="px-3 py-2 text-right font-medium">Human labels</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} className="border-t border-stone-100 align-top">
              <th scope="row" className="px-3 py-2 text-left font-medium whitespace-nowrap">
                <Link href={href(row.id)}>#{row.id}</Link>
              </th>
              <td className="max-w-md px-3 py-2">
                <Link href={href(row.id)} className="line-clamp-2 break-words whitespace-pre-wrap text-stone-900">
                  {row.preview.trim() || "(empty)"}
                </Link>
                <div className="text-xs text-stone-500">
                  prompt <Link href={`/prompts/${row.promptId}`}>#{row.promptId}</Link> · {row.datasetName}
                </div>
              </td>
              <td className="px-3 py-2 whitespace-nowrap">{SOURCE_LABELS[row.source]}</td>
              <td className="px-3 py-2"><Side side={row.a} /></td>
              <td className="px-3 py-2"><Side side={row.b} /></td>
              <td className="px-3 py-2 whitespace-nowrap">
                {row.verdict ? (
                  <div className="space-y-1">
                    <ProbabilityBar pA={row.verdict.pAUsed} label={`Verdict P(A) of comparison ${row.id}`} compact />
                    <div className="flex flex-wrap items-center gap-1 text-xs text-stone-600">
                      {row.verdict.flips > 0 && <FlipBadge count={row.verdict.flips} of={row.verdict.principles} />}
                      {row.verdict.chainOfThought && <span>clamped · raw {row.verdict.pA.toFixed(3)}</span>}
                      {row.verdicts > 1 && <span>{row.verdicts} runs</span>}
                    </div>
                  </div>
                ) : (
                  <span className="text-stone-500">{row.withheld ? "hidden until your blind answer" : "not judged"}</span>
                )}
              </td>
              <td className="px-3 py-2 text-right tabular-nums">{row.humanLabels}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Side({ side }: { side: ComparisonSide }) {
  return (
    <div className="max-w-40 min-w-28">
      <div className="font-mono text-xs break-words text-stone-900">{side.producer ?? "unknown producer"}</div>
      <div className="text-xs text-stone-600">{ORIGIN_LABELS[side.origin]}</div>
    </div>
  );
}
