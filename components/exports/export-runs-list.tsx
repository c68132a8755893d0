"use client";

import { useQuery } from "@tanstack/react-query";
import { useRoleAtLeast } from "@/components/auth/session-user";
import { fetchJson } from "@/components/ui/fetch-json";
import { runDuration } from "@/components/runs/durations";
import { Button } from "@/components/ui/button";
import { formatBytes, formatCount, formatDateTime } from "@/components/ui/format";
import type { ExportRunSummary } from "@/lib/server/exports/definitions";
import { ExportRunProgress } from "./export-run-progress";
import { HubPushes } from "./hub-pushes";
import { describeLeftOut, manifestCounts, manifestFiles, writtenRows } from "./manifest-files";
import { ExportRunStatusBadge, isExportActive } from "./export-run-status";
import { exportRunsKey, useCancelExportRun, useExportRun } from "./use-export-run";
import { PersonLink } from "./person-link";

/** An export's runs, newest first: each one's progress while it writes, then its files and manifest. */
export function ExportRunsList({ exportId, initial }: { exportId: number; initial: ExportRunSummary[] }) {
  const result = useQuery({
    queryKey: exportRunsKey(exportId),
    queryFn: () => fetchJson(`/api/exports/${exportId}/runs`),
    initialData: initial,
    staleTime: 0,
  });
  if (result.data.length === 0) {
    return <p className="text-stone-600">Not run yet. Running it writes the files in the background; progress and download links appear here.</p>;
  }
  return (
    <ol aria-label="Runs of this export" className="space-y-4">
      {result.data.map((run) => (
        <ExportRunCard key={run.id} initial={run} />
      ))}
    </ol>
  );
}

function ExportRunCard({ initial }: { initial: ExportRunSummary }) {
  const { data: run } = useExportRun(initial);
  const duration = runDuration(run.startedAt, run.finishedAt);
  return (
    <li id={`run-${run.id}`} aria-label={`Export run ${run.id}`} className="scroll-mt-4 rounded-lg border border-stone-200 bg-white p-4">
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <h3 className="font-semibold text-stone-900">Run #{run.id}</h3>
        <ExportRunStatusBadge status={run.status} />
        <span className="text-sm text-stone-700">
          started by <PersonLink who={run.createdBy} /> on {formatDateTime(run.createdAt)}
        </span>
        {run.status === "SUCCEEDED" && <WrittenRows run={run} duration={duration} />}
      </div>
      {isExportActive(run.status) && (
        <div className="mt-3 flex max-w-xl items-end gap-3">
          <div className="grow">
            <ExportRunProgress run={run} />
          </div>
          <CancelExport exportRunId={run.id} />
        </div>
      )}
      {run.status === "FAILED" && (
        <p role="alert" className="mt-3 rounded bg-red-50 px-3 py-2 text-sm whitespace-pre-wrap text-red-900">
          {run.error ?? "The export failed without a message; the worker's log has the details."}
        </p>
      )}
      {run.status === "CANCELLED" && <p className="mt-3 text-sm text-stone-600">Cancelled before it finished: no file of it is kept. Run the export again to write it.</p>}
      {run.status === "SUCCEEDED" && <ExportFiles run={run} />}
    </li>
  );
}

/** Stops a queued or writing run (reviewers; viewers see the progress only); it can be run again. */
function CancelExport({ exportRunId }: { exportRunId: number }) {
  const cancel = useCancelExportRun(exportRunId);
  if (!useRoleAtLeast("REVIEWER")) return null;
  return (
    <div className="flex flex-col items-end gap-1">
      <Button variant="secondary" disabled={cancel.isPending} onClick={() => cancel.mutate()}>
        {cancel.isPending ? "Cancelling…" : "Cancel export"}
      </Button>
      {cancel.isError && (
        <p role="alert" className="text-sm text-red-800">
          {cancel.error.message}
        </p>
      )}
    </div>
  );
}

/** Rows written (the manifest's count: the text filters and ties may leave selected rows out), and how long it took. */
function WrittenRows({ run, duration }: { run: ExportRunSummary; duration: string | null }) {
  const counts = manifestCounts(run.manifest);
  const written = writtenRows(run);
  const leftOut = counts ? describeLeftOut(counts) : "";
  return (
    <span className="text-sm text-stone-700 tabular-nums">
      {formatCount(written)} {written === 1 ? "row" : "rows"} written
      {counts && counts.selected !== written && ` of ${formatCount(counts.selected)} selected`}
      {leftOut && ` (${leftOut})`}
      {duration && <span suppressHydrationWarning> in {duration}</span>}
    </span>
  );
}

function ExportFiles({ run }: { run: ExportRunSummary }) {
  const files = manifestFiles(run.manifest);
  return (
    <div className="mt-3 space-y-3">
      {files.length === 0 ? (
        <p className="text-sm text-stone-600">The manifest lists no file.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <caption className="sr-only">Files of export run {run.id}</caption>
            <thead className="text-left text-stone-600">
              <tr>
                <th scope="col" className="py-1 pr-4 font-medium">
                  File
                </th>
                <th scope="col" className="py-1 pr-4 font-medium">
                  Rows
                </th>
                <th scope="col" className="py-1 pr-4 font-medium">
                  Size
                </th>
                <th scope="col" className="py-1 font-medium">
                  sha256
                </th>
              </tr>
            </thead>
            <tbody>
              {files.map((file) => (
                <tr key={file.name} className="border-t border-stone-100 align-top">
                  <td className="py-1 pr-4">
                    <a href={`/api/export-runs/${run.id}/files/${encodeURIComponent(file.name)}`} download className="font-mono">
                      {file.name}
                    </a>
                  </td>
                  <td className="py-1 pr-4 tabular-nums">{file.rows === undefined ? "dataset card" : formatCount(file.rows)}</td>
                  <td className="py-1 pr-4 whitespace-nowrap tabular-nums">{formatBytes(file.bytes)}</td>
                  <td className="py-1 font-mono text-xs break-all text-stone-700">{file.sha256}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <details>
        <summary className="cursor-pointer text-sm font-medium text-stone-800">Manifest</summary>
        <p className="mt-1 text-sm">
          The definition, counts, constitution and template hashes, code version, who and when, each file&apos;s sha256:{" "}
          <a href={`/api/export-runs/${run.id}/files/manifest.json`} download className="font-mono">
            manifest.json
          </a>
        </p>
        <pre
          aria-label={`Manifest of export run ${run.id}`}
          className="mt-2 max-h-96 overflow-auto rounded bg-stone-50 px-3 py-2 font-mono text-xs whitespace-pre-wrap break-words text-stone-900"
        >
          {JSON.stringify(run.manifest, null, 2)}
        </pre>
      </details>
      <HubPushes exportRunId={run.id} />
    </div>
  );
}
