"use client";

import { formatCount, formatDateTime } from "@/components/ui/format";
import { Stats } from "@/components/ui/stats";
import type { RunProgress } from "@/lib/schemas/runs";
import { formatEta, runDuration } from "./durations";
import { RunProgressBar } from "./run-progress-bar";
import { useRunProgress } from "./use-run-progress";

/** The bar, the pace and the cost of a run, live while it runs. */
export function RunProgressPanel({ initial, unit }: { initial: RunProgress; unit?: string }) {
  const { data: run, isError, error, dataUpdatedAt } = useRunProgress(initial);
  return (
    <div className="space-y-4 rounded-lg border border-stone-200 bg-white p-4">
      <RunProgressBar label="Run progress" total={run.total} done={run.done} failed={run.failed} unit={unit} />
      {run.waitingForKey && (
        <p role="status" className="rounded bg-amber-100 px-3 py-2 text-sm text-amber-950">
          Waiting for a worker with <code className="font-mono">{run.waitingForKey}</code> set: the workers that tried cannot call this run&apos;s endpoint, because its API key comes from
          that environment variable. Start a worker with it set (<code className="font-mono">npm run worker</code>, or <code className="font-mono">npm run cai -- run ... --work</code>) or
          set it for the studio and restart it.
        </p>
      )}
      {run.claimed > 0 && <p className="text-sm text-stone-600">{formatCount(run.claimed)} in progress on workers now.</p>}
      {run.cancelled > 0 && <p className="text-sm text-stone-600">{formatCount(run.cancelled)} cancelled before they were done.</p>}
      <Stats
        label="Pace and cost"
        items={[
          { label: "Calls per minute", value: run.callsPerMinute },
          { label: "Model calls", value: run.calls },
          { label: "Prompt tokens", value: run.promptTokens },
          { label: "Completion tokens", value: run.completionTokens },
          { label: "Time left (ETA)", value: run.status === "RUNNING" || run.status === "QUEUED" ? formatEta(run.etaSeconds) : "—" },
        ]}
      />
      <p className="text-sm text-stone-700">
        Started {run.startedAt ? formatDateTime(run.startedAt) : "not yet"} · finished {run.finishedAt ? formatDateTime(run.finishedAt) : "not yet"} · duration{" "}
        {/* a running run's duration counts to the last refresh, which the server and the browser see at different instants */}
        <span className="tabular-nums" suppressHydrationWarning>
          {runDuration(run.startedAt, run.finishedAt, dataUpdatedAt) ?? "—"}
        </span>
      </p>
      {isError && (
        <p role="alert" className="rounded bg-amber-100 px-3 py-2 text-sm text-amber-950">
          Could not refresh the progress ({error.message}); showing what was last known.
        </p>
      )}
    </div>
  );
}
