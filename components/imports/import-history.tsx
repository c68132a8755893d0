import Link from "next/link";
import { formatBytes, formatDateTime } from "@/components/ui/format";
import type { ImportHistoryRow } from "@/lib/server/datasets/queries";
import { importCountsLine } from "./import-counts";
import { ImportStatusBadge } from "./import-status-badge";

export function ImportHistory({ imports }: { imports: ImportHistoryRow[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
      <table className="w-full text-sm">
        <thead className="bg-stone-100 text-left text-stone-600">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">Import</th>
            <th scope="col" className="px-3 py-2 font-medium">File</th>
            <th scope="col" className="px-3 py-2 font-medium">Format</th>
            <th scope="col" className="px-3 py-2 font-medium">Into</th>
            <th scope="col" className="px-3 py-2 font-medium">Status</th>
            <th scope="col" className="px-3 py-2 font-medium">Result</th>
            <th scope="col" className="px-3 py-2 font-medium">When</th>
          </tr>
        </thead>
        <tbody>
          {imports.map((row) => (
            <tr key={row.id} className="border-t border-stone-100 align-top">
              <td className="px-3 py-2"><Link href={`/imports/${row.id}`}>#{row.id}</Link></td>
              <td className="px-3 py-2">
                <span className="break-all">{row.fileName}</span>
                <div className="text-stone-500">{formatBytes(row.fileBytes)}</div>
              </td>
              <td className="px-3 py-2 text-stone-700">{row.format}</td>
              <td className="px-3 py-2"><ImportTarget row={row} /></td>
              <td className="px-3 py-2"><ImportStatusBadge status={row.status} /></td>
              <td className="max-w-md px-3 py-2 text-stone-700">
                {row.status === "FAILED" ? (
                  <span className="whitespace-pre-wrap break-words text-red-800">{row.error}</span>
                ) : (
                  importCountsLine(row.stats)
                )}
              </td>
              <td className="px-3 py-2 whitespace-nowrap text-stone-600">{formatDateTime(row.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ImportTarget({ row }: { row: ImportHistoryRow }) {
  if (row.dataset) return <Link href={`/prompts?dataset=${row.dataset.id}`}>{row.dataset.name}</Link>;
  const version = row.constitutionVersions[0];
  if (version) {
    return <Link href={`/constitutions/versions/${version.id}`}>{version.constitution.name} v{version.version}</Link>;
  }
  const name = row.stats.datasetName ?? row.stats.constitution;
  return <span className="text-stone-500">{typeof name === "string" ? name : "nothing"}</span>;
}
