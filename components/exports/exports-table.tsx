"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { fetchJson } from "@/components/ui/fetch-json";
import { formatCount, formatDateTime } from "@/components/ui/format";
import type { ExportRunSummary, ExportSummary } from "@/lib/server/exports/definitions";
import { ExportRunStatusBadge, isExportActive } from "./export-run-status";
import { writtenRows } from "./manifest-files";
import { FILE_TYPE_NAMES, LAYOUT_NAMES } from "./names";
import { PersonLink } from "./person-link";

const LIST_POLL_MS = 3_000;

/** Saved exports, newest first, each with its last run; refreshed while a run on the page is writing. */
export function ExportsTable({ initial }: { initial: ExportSummary[] }) {
  const result = useQuery({
    queryKey: ["exports"],
    queryFn: () => fetchJson("/api/exports"),
    initialData: initial,
    staleTime: 0,
    refetchInterval: (query) => (query.state.data?.some((row) => row.lastRun && isExportActive(row.lastRun.status)) ? LIST_POLL_MS : false),
  });
  return (
    <div className="space-y-3">
      {result.isError && <p role="alert" className="rounded bg-red-50 px-3 py-2 text-red-900">The exports could not be loaded: {result.error.message}</p>}
      <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
        <table className="w-full text-sm">
          <caption className="sr-only">Saved exports</caption>
          <thead className="bg-stone-100 text-left text-stone-600">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">Export</th>
              <th scope="col" className="px-3 py-2 font-medium">Layout</th>
              <th scope="col" className="px-3 py-2 font-medium">File type</th>
              <th scope="col" className="px-3 py-2 font-medium">Made by</th>
              <th scope="col" className="px-3 py-2 font-medium">Last run</th>
              <th scope="col" className="px-3 py-2 font-medium">Rows</th>
              <th scope="col" className="px-3 py-2 font-medium">When</th>
            </tr>
          </thead>
          <tbody>
            {result.data.map((row) => (
              <tr key={row.id} className="border-t border-stone-100 align-top">
                <th scope="row" className="px-3 py-2 text-left font-medium">
                  <Link href={`/exports/${row.id}`}>{row.name}</Link>
                  <div className="text-xs font-normal text-stone-500">#{row.id}</div>
                </th>
                <td className="px-3 py-2">{LAYOUT_NAMES[row.layout]}</td>
                <td className="px-3 py-2">{FILE_TYPE_NAMES[row.fileType]}</td>
                <td className="px-3 py-2"><PersonLink who={row.createdBy} /></td>
                <td className="px-3 py-2">{row.lastRun ? <ExportRunStatusBadge status={row.lastRun.status} /> : <span className="text-stone-500">never run</span>}</td>
                <td className="px-3 py-2 tabular-nums">{row.lastRun && lastRunRows(row.lastRun)}</td>
                <td className="px-3 py-2 whitespace-nowrap text-stone-600">
                  {row.lastRun ? formatDateTime(row.lastRun.finishedAt ?? row.lastRun.createdAt) : `made ${formatDateTime(row.createdAt)}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** A finished run's rows written; while it writes, rows so far of the rows selected once counted. */
function lastRunRows(run: ExportRunSummary): string {
  if (run.status === "SUCCEEDED") return formatCount(writtenRows(run));
  if (run.totalRows === null) return formatCount(run.rowsWritten);
  return `${formatCount(run.rowsWritten)} of ${formatCount(run.totalRows)}`;
}
