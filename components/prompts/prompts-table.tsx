import Link from "next/link";
import { formatDateTime } from "@/components/ui/format";
import { TagList } from "@/components/ui/tag-list";
import type { PromptRow } from "@/lib/schemas/prompts";

export function PromptsTable({ rows }: { rows: PromptRow[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
      <table className="w-full text-sm">
        <thead className="bg-stone-100 text-left text-stone-600">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">Id</th>
            <th scope="col" className="px-3 py-2 font-medium">Last user turn</th>
            <th scope="col" className="px-3 py-2 font-medium">Dataset</th>
            <th scope="col" className="px-3 py-2 font-medium">Tags</th>
            <th scope="col" className="px-3 py-2 text-right font-medium">Turns</th>
            <th scope="col" className="px-3 py-2 text-right font-medium">Chains</th>
            <th scope="col" className="px-3 py-2 text-right font-medium">Labels</th>
            <th scope="col" className="px-3 py-2 font-medium">Created</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} className="border-t border-stone-100 align-top">
              <td className="px-3 py-2 tabular-nums">
                <Link href={`/prompts/${row.id}`}>{row.id}</Link>
              </td>
              <td className="max-w-xl px-3 py-2">
                <Link href={`/prompts/${row.id}`} className="line-clamp-3 whitespace-pre-wrap break-words text-stone-900">
                  {row.preview.trim() || "(empty)"}
                </Link>
              </td>
              <td className="px-3 py-2 whitespace-nowrap">{row.datasetName}</td>
              <td className="px-3 py-2"><TagList tags={row.tags} /></td>
              <td className="px-3 py-2 text-right tabular-nums">{row.turns}</td>
              <td className="px-3 py-2 text-right tabular-nums">{row.chains}</td>
              <td className="px-3 py-2 text-right tabular-nums">{row.labels}</td>
              <td className="px-3 py-2 whitespace-nowrap text-stone-600">{formatDateTime(row.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
