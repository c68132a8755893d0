import Link from "next/link";
import type { ReactNode } from "react";
import { createdText, SettingsList } from "./settings-list";
import type { RunDetailOf } from "@/lib/server/runs/queries";

/** Everything the run was started with, as recorded: enough to start the same run again. */
export function RunConfig({ run }: { run: RunDetailOf<"SL_CAI"> }) {
  const { config } = run;
  const filter = config.filter ?? { withoutChains: false };
  const filterParts = [
    filter.tag && `tagged “${filter.tag}”`,
    filter.q && `matching “${filter.q}”`,
    filter.withoutChains && "without a chain yet",
    filter.limit && `the first ${filter.limit}`,
    filter.experimentId && `in the prompt set of experiment #${filter.experimentId}`,
  ].filter(Boolean);
  const params = Object.entries(config.params ?? {}).filter(([, value]) => value !== undefined);
  const rows: [string, ReactNode][] = [
    ["Dataset", run.dataset ? <Link href={`/prompts?dataset=${run.dataset.id}`}>{run.dataset.name}</Link> : "deleted"],
    ["Prompts", filterParts.length > 0 ? `those ${filterParts.join(", ")}` : "all of the dataset's"],
    [
      "Endpoint",
      <>
        {run.endpoint?.name ?? config.endpoint?.name ?? "deleted"} · model <span className="font-mono">{config.endpoint?.model ?? run.endpoint?.model}</span>
        {config.endpoint?.kind && <span className="text-stone-500"> ({config.endpoint.kind === "ANTHROPIC" ? "Anthropic" : "OpenAI-compatible"})</span>}
      </>,
    ],
    [
      "Constitution",
      run.constitutionVersion ? (
        <Link href={`/constitutions/versions/${run.constitutionVersion.id}`}>
          {run.constitutionVersion.constitution.name} v{run.constitutionVersion.version}
        </Link>
      ) : (
        "deleted"
      ),
    ],
    ["Revisions (N)", String(config.revisions)],
    ["Principle sampling", config.sampling?.mode === "uniform" ? `uniform at random, seed ${config.sampling.seed}` : "fixed order"],
    ["Few-shot examples", config.fewShot ? "prepended" : "off"],
    ["Prompt format", config.promptFormat === "raw" ? "raw Human:/Assistant: text" : "chat messages"],
    ["Initial response", config.reuseExistingResponse ? "the prompt's own when it has one, else generated" : "always generated"],
    ["Sampling parameters", params.length > 0 ? params.map(([key, value]) => `${key} ${JSON.stringify(value)}`).join(", ") : "the endpoint's"],
    ["Concurrency", `${config.concurrency} prompts at once per worker`],
    ["Created", createdText(run)],
  ];
  return <SettingsList rows={rows} />;
}
