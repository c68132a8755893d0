"use client";

import { formatCount, formatDateTime } from "@/components/ui/format";
import type { RunProgress } from "@/lib/schemas/runs";
import { useRunProgress } from "./use-run-progress";

/**
 * Model-call errors of the last hour by kind. "Retried" ones were tried again (a 429, a timeout)
 * and cost only time; "final" ones failed their prompt, whose message is in the failed items below.
 */
export function RunErrors({ initial }: { initial: RunProgress }) {
  const { data: run } = useRunProgress(initial);
  if (run.recentErrors.length === 0) return <p className="text-stone-600">No errors in the last hour.</p>;
  return (
    <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
      <table className="w-full text-sm">
        <thead className="bg-stone-100 text-left text-stone-600">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              Kind
            </th>
            <th scope="col" className="px-3 py-2 text-right font-medium">
              Count
            </th>
            <th scope="col" className="px-3 py-2 text-right font-medium">
              Retried
            </th>
            <th scope="col" className="px-3 py-2 text-right font-medium">
              Final
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Last message
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Last seen
            </th>
          </tr>
        </thead>
        <tbody>
          {run.recentErrors.map((group) => (
            <tr key={group.kind} className="border-t border-stone-100 align-top">
              <th scope="row" className="px-3 py-2 text-left font-mono font-medium">
                {group.kind}
              </th>
              <td className="px-3 py-2 text-right tabular-nums">{formatCount(group.count)}</td>
              <td className="px-3 py-2 text-right tabular-nums">{formatCount(group.retried)}</td>
              <td className={`px-3 py-2 text-right tabular-nums ${group.count > group.retried ? "font-semibold text-red-800" : ""}`}>{formatCount(group.count - group.retried)}</td>
              <td className="max-w-xl px-3 py-2 break-words whitespace-pre-wrap">{group.lastMessage}</td>
              <td className="px-3 py-2 whitespace-nowrap text-stone-600">{formatDateTime(group.lastAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
