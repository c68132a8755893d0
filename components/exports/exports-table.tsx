"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { fetchJson } from "@/components/ui/fetch-json";
import { formatCount, formatDateTime } from "@/components/ui/format";
import { Cell, Row, RowHeader, Table, type Column } from "@/components/ui/table";
import type { ExportRunSummary, ExportSummary } from "@/lib/server/exports/definitions";
import { ExportRunStatusBadge, isExportActive } from "./export-run-status";
import { writtenRows } from "./manifest-files";
import { FILE_TYPE_NAMES, LAYOUT_NAMES } from "./names";
import { PersonLink } from "./person-link";

const LIST_POLL_MS = 3_000;
const COLUMNS: Column[] = [{ header: "Export" }, { header: "Layout" }, { header: "File type" }, { header: "Made by" }, { header: "Last run" }, { header: "Rows" }, { header: "When" }];

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
      {result.isError && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-red-900">
          The exports could not be loaded: {result.error.message}
        </p>
      )}
      <Table caption="Saved exports" columns={COLUMNS}>
        {result.data.map((row) => (
          <Row key={row.id}>
            <RowHeader>
              <Link href={`/exports/${row.id}`}>{row.name}</Link>
              <div className="text-xs font-normal text-stone-500">#{row.id}</div>
            </RowHeader>
            <Cell>{LAYOUT_NAMES[row.layout]}</Cell>
            <Cell>{FILE_TYPE_NAMES[row.fileType]}</Cell>
            <Cell>
              <PersonLink who={row.createdBy} />
            </Cell>
            <Cell>{row.lastRun ? <ExportRunStatusBadge status={row.lastRun.status} /> : <span className="text-stone-500">never run</span>}</Cell>
            <Cell className="tabular-nums">{row.lastRun && lastRunRows(row.lastRun)}</Cell>
            <Cell className="whitespace-nowrap text-stone-600">
              {row.lastRun ? formatDateTime(row.lastRun.finishedAt ?? row.lastRun.createdAt) : `made ${formatDateTime(row.createdAt)}`}
            </Cell>
          </Row>
        ))}
      </Table>
    </div>
  );
}

/** A finished run's rows written; while it writes, rows so far of the rows selected once counted. */
function lastRunRows(run: ExportRunSummary): string {
  if (run.status === "SUCCEEDED") return formatCount(writtenRows(run));
  if (run.totalRows === null) return formatCount(run.rowsWritten);
  return `${formatCount(run.rowsWritten)} of ${formatCount(run.totalRows)}`;
}
