"use client";

import { useEffect, useState } from "react";
import { formatEta } from "@/components/runs/durations";
import { ProgressBar } from "@/components/ui/progress-bar";
import { formatCount } from "@/components/ui/format";
import type { ExportRunSummary } from "@/lib/server/exports/definitions";
import { exportPace } from "./export-pace";

/** Rows written of the rows selected, the rate since the run started and the time left at that rate. */
export function ExportRunProgress({ run }: { run: ExportRunSummary }) {
  // the clock moves between polls too; read it after hydration so server and browser agree
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- first read after hydration, see above
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  const pace = now === null ? null : exportPace(run, now);
  const total = run.totalRows;
  const detail =
    run.status === "QUEUED" ? "waiting for a worker" : total === null ? `${formatCount(run.rowsWritten)} rows, counting…` : `${formatCount(run.rowsWritten)} of ${formatCount(total)} rows`;
  return (
    <div className="space-y-1">
      <ProgressBar label={`Rows written by export run ${run.id}`} value={run.rowsWritten} max={total ?? 0} detail={detail} />
      {run.status === "RUNNING" && (
        <p className="text-xs text-stone-600 tabular-nums">
          {pace?.rowsPerSecond ? `${formatCount(Math.round(pace.rowsPerSecond))} rows/s` : "measuring the rate…"} · time left {formatEta(pace?.etaSeconds ?? null)}
        </p>
      )}
    </div>
  );
}
