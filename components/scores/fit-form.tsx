"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { clearChangedField, issuesByField, numberOrUndefined, serverErrorsByField, type FieldErrors } from "@/components/ui/form-errors";
import { postJson } from "@/components/ui/fetch-json";
import { controlProps, Field, FormErrors, INPUT, SubmitButton } from "@/components/ui/form-fields";
import { useFormErrors } from "@/components/ui/use-form-errors";
import { HUMAN_LABEL_CHOICES, scoreFitRequestSchema, type HumanLabelChoice, type ScoreFitRequest } from "@/lib/schemas/scores";
import type { ScoreFormOptions } from "@/lib/server/scores/form-options";
import { formatCount } from "@/components/ui/format";

// Fits Bradley-Terry (and its Elo scale) to a dataset's soft labels from the browser, as
// `npm run cai -- scores fit` does: a labeling run's verdicts and/or people's answers. Says what it
// stored, and links to the charts that read the scores.

// the form has no prior field (the default is used): a complaint about it goes above the button
const FIELDS = ["datasetId", "runId", "humans"] as const;
type FieldPath = (typeof FIELDS)[number];

const HUMAN_WORDS: Record<HumanLabelChoice, string> = {
  review: "the studio's reviewers",
  imported: "imported labels (hh-rlhf)",
  all: "both",
};

export function FitForm({ options, datasetId: initialDataset }: { options: Pick<ScoreFormOptions, "datasets" | "labelRuns">; datasetId?: number }) {
  const id = useId();
  const router = useRouter();
  const [datasetId, setDatasetId] = useState(initialDataset ? String(initialDataset) : options.datasets.length === 1 ? String(options.datasets[0].id) : "");
  const [runId, setRunId] = useState("");
  const [humans, setHumans] = useState<"" | HumanLabelChoice>("");
  const { errors, otherErrors, setErrors, show, clear } = useFormErrors<FieldErrors<FieldPath>>();
  const runs = options.labelRuns.filter((r) => String(r.datasetId) === datasetId);

  const fit = useMutation({
    mutationFn: (request: ScoreFitRequest) => postJson("/api/scores/fit", request),
    // the chart pages read scores on the server: show the new ones
    onSuccess: () => router.refresh(),
    onError: (error) => show(serverErrorsByField(error, FIELDS)),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = scoreFitRequestSchema.safeParse({ datasetId: numberOrUndefined(datasetId), runId: numberOrUndefined(runId), humans: humans || undefined });
    if (!parsed.success) {
      const { fields, other } = issuesByField(parsed.error.issues, FIELDS, (field) => (field === "datasetId" && datasetId === "" ? "Choose a dataset." : undefined));
      show({ fields, other: other.map((message) => message.replace(/^name the labels/, "Choose the labels")) });
      return;
    }
    clear();
    fit.mutate(parsed.data);
  };

  const control = (name: FieldPath) => controlProps(id, name, errors[name]);
  const result = fit.data;
  return (
    <form onSubmit={submit} onChange={clearChangedField(setErrors)} aria-label="Fit Bradley-Terry" noValidate className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-3">
        <Field id={`${id}-datasetId`} label="Dataset" error={errors.datasetId}>
          <select
            {...control("datasetId")}
            value={datasetId}
            onChange={(e) => {
              setDatasetId(e.target.value);
              setRunId("");
            }}
            className={INPUT}
          >
            <option value="">Choose a dataset…</option>
            {options.datasets.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id={`${id}-runId`} label="AI labels: a labeling run" error={errors.runId}>
          <select {...control("runId")} value={runId} onChange={(e) => setRunId(e.target.value)} className={INPUT}>
            <option value="">None</option>
            {runs.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name} (#{r.id})
              </option>
            ))}
          </select>
        </Field>
        <Field id={`${id}-humans`} label="People's answers" error={errors.humans}>
          <select {...control("humans")} value={humans} onChange={(e) => setHumans(e.target.value as "" | HumanLabelChoice)} className={INPUT}>
            <option value="">None</option>
            {HUMAN_LABEL_CHOICES.map((choice) => (
              <option key={choice} value={choice}>
                {HUMAN_WORDS[choice]}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <FormErrors messages={otherErrors} />
      <SubmitButton busy={fit.isPending} busyLabel="Fitting…">
        Fit Bradley-Terry
      </SubmitButton>
      {result && (
        <div role="status" className="rounded-md border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-950">
          <p>
            Stored <span className="font-mono">{result.name}</span>: a Bradley-Terry strength and its Elo for {formatCount(result.responses)} responses, fitted to{" "}
            {formatCount(result.labels)} labels over {formatCount(result.prompts)} prompts
            {result.replaced > 0 ? `, replacing ${formatCount(result.replaced)} earlier scores of that name` : ""}.
            {result.notConverged > 0 && ` ${result.notConverged} prompt${result.notConverged === 1 ? "" : "s"} stopped at the iteration limit before converging.`}
          </p>
          <p className="mt-1">
            See them: <Link href={`/charts/pm-by-revision?${new URLSearchParams({ ...(datasetId ? { dataset: datasetId } : {}), score: result.name, source: "ELO" })}`}>Elo by revision</Link>
            {" · "}
            <Link href={`/charts/harmless-vs-helpful?${new URLSearchParams({ ...(datasetId ? { dataset: datasetId } : {}), x: result.name, xSource: "BRADLEY_TERRY", y: "pm_score" })}`}>
              against pm_score
            </Link>
          </p>
        </div>
      )}
    </form>
  );
}
