import Link from "next/link";
import type { ReactNode } from "react";
import { formatDateTime } from "@/components/ui/format";
import type { ScoreRunConfig } from "@/lib/schemas/scores";
import type { RunDetail } from "@/lib/server/runs/queries";

/** What a scoring run was started with, as recorded. */
export function ScoreRunSettings({ run }: { run: RunDetail }) {
  const config = run.config as unknown as ScoreRunConfig;
  const rows: [string, ReactNode][] = [
    ["Dataset", run.dataset ? <Link href={`/prompts?dataset=${run.dataset.id}`}>{run.dataset.name}</Link> : "deleted"],
    ["Scored", config.over === "chains" ? "every chain's initial answer and revisions" : "both responses of every pair"],
    ["Only from run", config.sourceRunId ? <Link href={`/runs/${config.sourceRunId}`}>#{config.sourceRunId}</Link> : "any"],
    [
      "Scoring endpoint",
      <>
        {run.endpoint?.name ?? config.endpoint?.name ?? "deleted"} · model <span className="font-mono">{config.endpoint?.model}</span>
        <span className="text-stone-500"> ({config.endpoint?.scoreFormat})</span>
      </>,
    ],
    ["Stored as", <span className="font-mono">ENDPOINT scores named “{config.scoreName}”</span>],
    ["Concurrency", String(config.concurrency)],
    ["Created", `${formatDateTime(run.createdAt)}${run.createdBy ? ` by ${run.createdBy.name ?? run.createdBy.email}` : ""}`],
  ];
  return (
    <dl className="grid gap-x-6 gap-y-2 rounded-lg border border-stone-200 bg-white p-4 text-sm sm:grid-cols-[12rem_1fr]">
      {rows.map(([term, value]) => (
        <div key={term} className="contents">
          <dt className="text-stone-500">{term}</dt>
          <dd className="text-stone-900">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
