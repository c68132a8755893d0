"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { formatDateTime } from "@/components/ui/format";
import { PageButtons, useKeysetPages } from "@/components/ui/keyset-pages";
import { Cell, Row, RowHeader, Table, type Column } from "@/components/ui/table";
import type { RunListPage } from "@/lib/server/runs/queries";
import { runDuration } from "./durations";
import { fetchJson } from "@/components/ui/fetch-json";
import { RunProgressBar } from "./run-progress-bar";
import { isActive } from "./run-status";
import { RunStatusBadge } from "@/components/runs/run-status-badge";

const LIST_POLL_MS = 3_000;
const KIND_LABELS: Record<string, string> = { SL_CAI: "SL-CAI", LABEL: "labeling", SAMPLE: "sampling", SCORE: "scoring" };

const COLUMNS: Column[] = [
  { header: "Run" },
  { header: "Status" },
  { header: "Dataset" },
  { header: "Endpoint · model" },
  { header: "Constitution" },
  { header: "Progress", className: "w-48" },
  { header: "Created" },
  { header: "Duration" },
];

/** Runs newest first; refreshed every few seconds while any run on the page is still going. */
export function RunsList({ initialPage }: { initialPage: RunListPage }) {
  const pages = useKeysetPages<number>();
  const before = pages.cursor;
  const result = useQuery({
    queryKey: ["runs", before ?? null],
    queryFn: () => fetchJson(before ? `/api/runs?before=${before}` : "/api/runs"),
    initialData: before === undefined ? initialPage : undefined,
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (query.state.data?.rows.some((row) => isActive(row.status)) ? LIST_POLL_MS : false),
  });
  const page = result.data;
  return (
    <div className="space-y-3">
      {result.isError && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-red-900">
          The runs could not be loaded: {result.error.message}
        </p>
      )}
      {page && (
        <Table columns={COLUMNS}>
          {page.rows.map((run) => (
            <Row key={run.id}>
              <RowHeader>
                <Link href={`/runs/${run.id}`}>{run.name || `Run #${run.id}`}</Link>
                <div className="text-xs font-normal text-stone-500">
                  #{run.id} · {KIND_LABELS[run.kind] ?? run.kind}
                </div>
              </RowHeader>
              <Cell>
                <RunStatusBadge status={run.status} />
              </Cell>
              <Cell>{run.dataset ? <Link href={`/prompts?dataset=${run.dataset.id}`}>{run.dataset.name}</Link> : <span className="text-stone-500">deleted</span>}</Cell>
              <Cell>
                {run.endpoint ? (
                  <>
                    {run.endpoint.name}
                    <div className="font-mono text-xs text-stone-600">{run.endpoint.model}</div>
                  </>
                ) : (
                  <span className="text-stone-500">deleted</span>
                )}
              </Cell>
              <Cell className="whitespace-nowrap">
                {run.constitutionVersion ? (
                  <Link href={`/constitutions/versions/${run.constitutionVersion.id}`}>
                    {run.constitutionVersion.constitutionName} v{run.constitutionVersion.version}
                  </Link>
                ) : (
                  <span className="text-stone-500">deleted</span>
                )}
              </Cell>
              <Cell>
                <RunProgressBar compact label={`Progress of run ${run.id}`} total={run.total} done={run.done} failed={run.failed} />
              </Cell>
              <Cell className="whitespace-nowrap text-stone-600">{formatDateTime(run.createdAt)}</Cell>
              <td className="px-3 py-2 whitespace-nowrap text-stone-600 tabular-nums" suppressHydrationWarning>
                {runDuration(run.startedAt, run.finishedAt) ?? "not started"}
              </td>
            </Row>
          ))}
        </Table>
      )}
      <PageButtons pages={pages} nextCursor={page?.nextBefore} label="Pages" words={["Newer", "Older"]} />
    </div>
  );
}
