import Link from "next/link";
import { ProbabilityBar } from "@/components/labels/probability-bar";
import type { AdjudicationRow } from "@/lib/server/review/adjudication";
import { RESOLUTION_WORDS } from "./adjudication-words";

/** The items to adjudicate: people's answers, the AI's P(A), why each is here and how it was resolved. */
export function AdjudicationList({ queueId, rows }: { queueId: number; rows: AdjudicationRow[] }) {
  if (rows.length === 0) return <p className="text-stone-700">Nothing to adjudicate: no item&apos;s reviewers disagree so far.</p>;
  return (
    <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
      <table className="w-full text-sm" aria-label="Items to adjudicate">
        <thead className="bg-stone-100 text-left text-stone-700">
          <tr>
            <th className="px-3 py-2 font-medium">Comparison</th>
            <th className="px-3 py-2 font-medium">People (A · B · tie)</th>
            <th className="px-3 py-2 font-medium">AI verdict</th>
            <th className="px-3 py-2 font-medium">Why</th>
            <th className="px-3 py-2 font-medium">Resolution</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.comparisonId} className="border-t border-stone-100 align-top">
              <td className="whitespace-nowrap px-3 py-2"><Link href={`/review/${queueId}/adjudication/${row.comparisonId}`}>Comparison #{row.comparisonId}</Link></td>
              <td className="whitespace-nowrap px-3 py-2 tabular-nums">{row.a} · {row.b} · {row.tie}</td>
              <td className="whitespace-nowrap px-3 py-2">
                {row.pAUsed === null ? <span className="text-stone-500">—</span> : <ProbabilityBar pA={row.pAUsed} label={`Verdict P(A) of comparison ${row.comparisonId}`} compact />}
              </td>
              <td className="px-3 py-2">{row.reasons.join("; ")}</td>
              <td className="px-3 py-2">{row.resolved ? `${RESOLUTION_WORDS[row.resolved.choice]} by ${row.resolved.by ?? "someone"}` : <span className="text-stone-600">unresolved</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
