"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { formatDateTime } from "@/components/ui/format";
import type { RunListPage } from "@/lib/server/runs/queries";
import { runDuration } from "./durations";
import { fetchJson } from "@/components/ui/fetch-json";
import { RunProgressBar } from "./run-progress-bar";
import { isActive } from "./run-status";
import { RunStatusBadge } from "@/components/runs/run-status-badge";

const LIST_POLL_MS = 3_000;
const KIND_LABELS: Record<string, string> = { SL_CAI: "SL-CAI", LABEL: "labeling", SAMPLE: "sampling", SCORE: "scoring" };

/** Runs newest first; refreshed every few seconds while any run on the page is still going. */
export function RunsList({ initialPage }: { initialPage: RunListPage }) {
  // keyset paging: the cursors of the pages before this one, to go back
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  const before = cursors.at(-1);
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
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-red-900">The runs could not be loaded: {result.error.message}</p>
      )}
      {page && (
        <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
          <table className="w-full text-sm">
            <thead className="bg-stone-100 text-left text-stone-600">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">Run</th>
                <th scope="col" className="px-3 py-2 font-medium">Status</th>
                <th scope="col" className="px-3 py-2 font-medium">Dataset</th>
                <th scope="col" className="px-3 py-2 font-medium">Endpoint · model</th>
                <th scope="col" className="px-3 py-2 font-medium">Constitution</th>
                <th scope="col" className="w-48 px-3 py-2 font-medium">Progress</th>
                <th scope="col" className="px-3 py-2 font-medium">Created</th>
                <th scope="col" className="px-3 py-2 font-medium">Duration</th>
              </tr>
            </thead>
            <tbody>
              {page.rows.map((run) => (
                <tr key={run.id} className="border-t border-stone-100 align-top">
                  <th scope="row" className="px-3 py-2 text-left font-medium">
                    <Link href={`/runs/${run.id}`}>{run.name || `Run #${run.id}`}</Link>
                    <div className="text-xs font-normal text-stone-500">#{run.id} · {KIND_LABELS[run.kind] ?? run.kind}</div>
                  </th>
                  <td className="px-3 py-2"><RunStatusBadge status={run.status} /></td>
                  <td className="px-3 py-2">{run.dataset ? <Link href={`/prompts?dataset=${run.dataset.id}`}>{run.dataset.name}</Link> : <span className="text-stone-500">deleted</span>}</td>
                  <td className="px-3 py-2">
                    {run.endpoint ? (
                      <>
                        {run.endpoint.name}
                        <div className="font-mono text-xs text-stone-600">{run.endpoint.model}</div>
                      </>
                    ) : (
                      <span className="text-stone-500">deleted</span>
                    )}
                  </td>
                  <td className="px-3 py-2 whitespace-nowrap">
                    {run.constitutionVersion ? (
                      <Link href={`/constitutions/versions/${run.constitutionVersion.id}`}>
                        {run.constitutionVersion.constitutionName} v{run.constitutionVersion.version}
                      </Link>
                    ) : (
                      <span className="text-stone-500">deleted</span>
                    )}
                  </td>
                  <td className="px-3 py-2"><RunProgressBar compact label={`Progress of run ${run.id}`} total={run.total} done={run.done} failed={run.failed} /></td>
                  <td className="px-3 py-2 whitespace-nowrap text-stone-600">{formatDateTime(run.createdAt)}</td>
                  <td className="px-3 py-2 whitespace-nowrap text-stone-600 tabular-nums" suppressHydrationWarning>
                    {runDuration(run.startedAt, run.finishedAt) ?? "not started"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {(cursors.length > 1 || page?.nextBefore !== undefined) && (
      <nav aria-label="Pages" className="flex gap-2">
        <Button variant="secondary" disabled={cursors.length === 1} onClick={() => setCursors((list) => list.slice(0, -1))}>
          Newer
        </Button>
        <Button variant="secondary" disabled={page?.nextBefore === undefined} onClick={() => setCursors((list) => [...list, page?.nextBefore])}>
          Older
        </Button>
      </nav>
      )}
    </div>
  );
}
