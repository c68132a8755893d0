import Link from "next/link";
import type { ReactNode } from "react";
import { createdText, SettingsList } from "@/components/runs/settings-list";
import type { RunDetailOf } from "@/lib/server/runs/queries";

/** What a scoring run was started with, as recorded. */
export function ScoreRunSettings({ run }: { run: RunDetailOf<"SCORE"> }) {
  const { config } = run;
  const rows: [string, ReactNode][] = [
    ["Dataset", run.dataset ? <Link href={`/prompts?dataset=${run.dataset.id}`}>{run.dataset.name}</Link> : "deleted"],
    ["Scored", config.over === "chains" ? "every chain's initial answer and revisions" : "both responses of every pair"],
    ["Only from run", config.sourceRunId ? <Link href={`/runs/${config.sourceRunId}`}>#{config.sourceRunId}</Link> : "any"],
    ...(config.experimentId ? [["Only of experiment", `#${config.experimentId}: its arms' ${config.over === "chains" ? "chains" : "pairs"}`] satisfies [string, ReactNode]] : []),
    [
      "Scoring endpoint",
      <>
        {run.endpoint?.name ?? config.endpoint?.name ?? "deleted"} · model <span className="font-mono">{config.endpoint?.model}</span>
        <span className="text-stone-500"> ({config.endpoint?.scoreFormat})</span>
      </>,
    ],
    ["Stored as", <span className="font-mono">ENDPOINT scores named “{config.scoreName}”</span>],
    ["Concurrency", String(config.concurrency)],
    ["Created", createdText(run)],
  ];
  return <SettingsList rows={rows} />;
}
