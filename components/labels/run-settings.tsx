import Link from "next/link";
import type { ReactNode } from "react";
import { createdText, SettingsList } from "@/components/runs/settings-list";
import type { RunDetail, RunDetailOf } from "@/lib/server/runs/queries";
import { SOURCE_LABELS } from "@/components/ui/label-format";

// Everything a labeling or sampling run was started with, as recorded: enough to start it again.

export function LabelRunSettings({ run }: { run: RunDetailOf<"LABEL"> }) {
  const { config } = run;
  const pairs = config.pairs ?? { unjudgedOnly: false };
  const pairParts = [
    pairs.source && `from ${SOURCE_LABELS[pairs.source]}`,
    pairs.pairRunId && `made by sampling run #${pairs.pairRunId}`,
    pairs.experimentId && `of experiment #${pairs.experimentId}`,
    pairs.unjudgedOnly && "not judged by this endpoint before",
    pairs.limit && `the first ${pairs.limit}`,
  ].filter(Boolean);
  const method = config.method ?? { kind: "logprobs" };
  return (
    <SettingsList
      rows={[
        ["Dataset", datasetLink(run)],
        ["Pairs", pairParts.length > 0 ? `those ${pairParts.join(", ")}` : "all of the dataset's comparisons"],
        ["Feedback model", endpointText(run, config.endpoint)],
        ["Constitution", versionLink(run)],
        ["Principles per pair (K)", `${config.principlesPerPair}${config.principlesPerPair > 1 ? " (an ensemble: the verdict averages them)" : ""}, drawn with seed ${config.seed}`],
        ["Orders", config.bothOrders ? "both, (A, B) and (B, A): flips are flagged" : "(A, B) only"],
        ["Chain of thought", config.chainOfThought ? `yes: reasoning first, then the answer; labels clamped to [${config.clamp.low}, ${config.clamp.high}]` : "no"],
        [
          "How P(A) is read",
          method.kind === "logprobs"
            ? "log-probs of the answer letters"
            : method.kind === "sampled"
              ? `fallback: ${method.k} sampled answers at temperature 1, frequencies`
              : "fallback: the model states a probability",
        ],
        ["Few-shot examples", config.fewShot ? "prepended" : "off"],
        ["Prompt format", config.promptFormat === "raw" ? "raw Human:/Assistant: text" : "chat messages"],
        ["Sampling parameters", paramsText(config.params)],
        ["Concurrency", `${config.concurrency} pairs at once per worker`],
        ["Created", createdText(run)],
      ]}
    />
  );
}

export function SampleRunSettings({ run }: { run: RunDetailOf<"SAMPLE"> }) {
  const { config } = run;
  const filter = config.filter ?? {};
  const filterParts = [filter.tag && `tagged “${filter.tag}”`, filter.q && `matching “${filter.q}”`, filter.limit && `the first ${filter.limit}`].filter(Boolean);
  return (
    <SettingsList
      rows={[
        ["Dataset", datasetLink(run)],
        ["Prompts", filterParts.length > 0 ? `those ${filterParts.join(", ")}` : "all of the dataset's"],
        ["Endpoint", endpointText(run, config.endpoint)],
        ["Samples", "two per prompt, made into one pair"],
        ["Prompt format", config.promptFormat === "raw" ? "raw Human:/Assistant: text" : "chat messages"],
        ["Sampling parameters", paramsText(config.params)],
        ["Concurrency", `${config.concurrency} prompts at once per worker`],
        ["Created", createdText(run)],
      ]}
    />
  );
}

function datasetLink(run: RunDetail): ReactNode {
  return run.dataset ? <Link href={`/comparisons?dataset=${run.dataset.id}`}>{run.dataset.name}</Link> : "deleted";
}

function versionLink(run: RunDetail): ReactNode {
  return run.constitutionVersion ? (
    <Link href={`/constitutions/versions/${run.constitutionVersion.id}`}>
      {run.constitutionVersion.constitution.name} v{run.constitutionVersion.version}
    </Link>
  ) : (
    "deleted"
  );
}

function endpointText(run: RunDetail, recorded?: { name: string; kind: string; model: string }): ReactNode {
  return (
    <>
      {run.endpoint?.name ?? recorded?.name ?? "deleted"} · model <span className="font-mono">{recorded?.model ?? run.endpoint?.model}</span>
      {recorded?.kind && <span className="text-stone-500"> ({recorded.kind === "ANTHROPIC" ? "Anthropic" : "OpenAI-compatible"})</span>}
    </>
  );
}

function paramsText(params: object | undefined): string {
  const entries = Object.entries(params ?? {}).filter(([, value]) => value !== undefined);
  return entries.length > 0 ? entries.map(([key, value]) => `${key} ${JSON.stringify(value)}`).join(", ") : "the endpoint's";
}
