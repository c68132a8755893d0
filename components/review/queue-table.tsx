import Link from "next/link";
import { formatDateTime } from "@/components/ui/format";
import { ProgressBar } from "@/components/ui/progress-bar";
import { describeCriteria, type QueueSummary } from "@/lib/schemas/review";
import { progressDetail, QueueSource } from "./queue-source";

/** Every review queue, newest first: what it holds, how far it is, and whose it is. */
export function QueueTable({ queues }: { queues: QueueSummary[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
      <table className="w-full text-sm" aria-label="Review queues">
        <thead className="bg-stone-100 text-left text-stone-700">
          <tr>
            <th className="px-3 py-2 font-medium">Queue</th>
            <th className="px-3 py-2 font-medium">Pairs from</th>
            <th className="px-3 py-2 font-medium">Criterion</th>
            <th className="px-3 py-2 font-medium">Reviewers per item</th>
            <th className="px-3 py-2 font-medium">Progress</th>
            <th className="px-3 py-2 font-medium">Blind</th>
            <th className="px-3 py-2 font-medium">Created</th>
          </tr>
        </thead>
        <tbody>
          {queues.map((queue) => (
            <tr key={queue.id} className="border-t border-stone-100 align-top">
              <td className="px-3 py-2">
                <Link href={`/review/${queue.id}`} className="font-medium">{queue.name}</Link>
                {queue.archivedAt && <span className="ml-2 rounded bg-stone-200 px-1.5 py-0.5 text-xs text-stone-800">archived</span>}
              </td>
              <td className="px-3 py-2 text-stone-800"><QueueSource queue={queue} /></td>
              <td className="px-3 py-2 text-stone-800">{describeCriteria(queue.criteria)}</td>
              <td className="px-3 py-2 tabular-nums">{queue.reviewersPerItem}</td>
              <td className="min-w-64 px-3 py-2">
                <ProgressBar label={`Progress of ${queue.name}`} value={queue.progress.done} max={queue.progress.total} detail={progressDetail(queue.progress)} labelHidden />
              </td>
              <td className="px-3 py-2">{queue.blindByDefault ? "blind" : "AI shown"}</td>
              <td className="px-3 py-2 text-stone-700">
                {queue.createdBy?.name || queue.createdBy?.email || "someone since removed"}
                <span className="block text-xs text-stone-500">{formatDateTime(queue.createdAt)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
