"use client";

import Link from "next/link";
import { useState } from "react";
import { issuesByField, numberOrUndefined, textOrUndefined } from "@/components/ui/form-errors";
import { Field, Fieldset, INPUT } from "@/components/ui/form-fields";
import { RunForm, useRunForm } from "@/components/runs/form/run-form";
import { scoreRunRequestSchema } from "@/lib/schemas/scores";
import type { ScoreFormOptions } from "@/lib/server/scores/form-options";
import { formatCount } from "@/components/ui/format";

// Starts a scoring run: a SCORER endpoint (a preference model over HTTP) scores every response of a
// dataset's chains or pairs; workers make the calls, the run page shows the progress, and the scores
// appear in the PM-by-revision chart under the score name.

const FIELDS = ["name", "datasetId", "endpointId", "over", "sourceRunId", "scoreName", "concurrency"] as const;
type FieldPath = (typeof FIELDS)[number];
const BLANK: Partial<Record<FieldPath, string>> = { datasetId: "Choose a dataset.", endpointId: "Choose a scoring endpoint." };

interface Values {
  name: string;
  datasetId: string;
  endpointId: string;
  over: "chains" | "pairs";
  sourceRunId: string;
  scoreName: string;
  concurrency: string;
}

export function ScoreRunForm({ options, initial }: { options: ScoreFormOptions; initial: { datasetId?: number; over?: "chains" | "pairs" } }) {
  const [values, setValues] = useState<Values>(() => {
    const datasetId = initial.datasetId ?? (options.datasets.length === 1 ? options.datasets[0].id : undefined);
    const dataset = options.datasets.find((d) => d.id === datasetId);
    return {
      name: "",
      datasetId: datasetId ? String(datasetId) : "",
      endpointId: options.endpoints.length === 1 ? String(options.endpoints[0].id) : "",
      over: initial.over ?? (dataset && dataset.chains === 0 && dataset.comparisons > 0 ? "pairs" : "chains"),
      sourceRunId: "",
      scoreName: "",
      concurrency: "8",
    };
  });
  const form = useRunForm({
    url: "/api/scores/runs",
    paths: FIELDS,
    check: () => {
      const parsed = scoreRunRequestSchema.safeParse({
        name: values.name,
        datasetId: numberOrUndefined(values.datasetId),
        endpointId: numberOrUndefined(values.endpointId),
        over: values.over,
        sourceRunId: numberOrUndefined(values.sourceRunId),
        scoreName: textOrUndefined(values.scoreName),
        concurrency: numberOrUndefined(values.concurrency),
      });
      if (parsed.success) return { request: parsed.data };
      return { problems: issuesByField(parsed.error.issues, FIELDS, (field) => (values[field as keyof Values] === "" ? BLANK[field] : undefined)) };
    },
  });
  const { id, errors, setErrors, control } = form;
  const dataset = options.datasets.find((d) => String(d.id) === values.datasetId);
  const endpoint = options.endpoints.find((e) => String(e.id) === values.endpointId);
  const runKind = values.over === "chains" ? "SL_CAI" : "SAMPLE";
  const sourceRuns = options.sourceRuns.filter((r) => r.kind === runKind && String(r.datasetId) === values.datasetId);
  const defaultName = endpoint ? `pm:${endpoint.name}` : "pm:<endpoint name>";

  const set = <K extends keyof Values>(key: K, value: Values[K]) => {
    setValues((current) => ({ ...current, [key]: value, ...(key === "datasetId" || key === "over" ? { sourceRunId: "" } : {}) }));
    setErrors((current) => ({ ...current, [key]: undefined }));
  };

  const count = dataset ? (values.over === "chains" ? `${formatCount(dataset.chains)} chains` : `${formatCount(dataset.comparisons)} pairs`) : null;

  return (
    <RunForm form={form} label="New scoring run" submitLabel="Start scoring run" unit="Prompts" values={values} set={set}>
      <Fieldset legend="What to score">
        <Field id={`${id}-datasetId`} label="Dataset" error={errors.datasetId}>
          <select {...control("datasetId")} value={values.datasetId} onChange={(e) => set("datasetId", e.target.value)} className={INPUT}>
            <option value="">Choose a dataset…</option>
            {options.datasets.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name} ({formatCount(d.chains)} chains, {formatCount(d.comparisons)} pairs)
              </option>
            ))}
          </select>
        </Field>
        <fieldset aria-describedby={`${id}-over-hint`}>
          <legend className="font-medium text-stone-900">Responses</legend>
          <div className="mt-1 space-y-1">
            <label className="flex items-center gap-2">
              <input type="radio" name={`${id}-over`} checked={values.over === "chains"} onChange={() => set("over", "chains")} className="accent-blue-800" />
              Chains: every initial answer and revision (for the PM-by-revision chart)
            </label>
            <label className="flex items-center gap-2">
              <input type="radio" name={`${id}-over`} checked={values.over === "pairs"} onChange={() => set("over", "pairs")} className="accent-blue-800" />
              Pairs: both responses of every comparison
            </label>
          </div>
          <p id={`${id}-over-hint`} className="mt-1 text-sm text-stone-600">
            {count ? <>This dataset holds {count}; one call per response.</> : "One call per response."}
          </p>
          {errors.over && <p className="mt-1 text-sm font-medium text-red-800">{errors.over}</p>}
        </fieldset>
        <Field
          id={`${id}-sourceRunId`}
          label={values.over === "chains" ? "Only the chains of an SL-CAI run (optional)" : "Only the pairs of a sampling run (optional)"}
          error={errors.sourceRunId}
        >
          <select {...control("sourceRunId")} value={values.sourceRunId} onChange={(e) => set("sourceRunId", e.target.value)} className={INPUT} disabled={sourceRuns.length === 0}>
            <option value="">{values.over === "chains" ? "Every chain of the dataset" : "Every pair of the dataset"}</option>
            {sourceRuns.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name} (#{r.id})
              </option>
            ))}
          </select>
        </Field>
      </Fieldset>

      <Fieldset legend="Scorer">
        <Field
          id={`${id}-endpointId`}
          label="Scoring endpoint"
          error={errors.endpointId}
          hint={
            endpoint ? (
              <>
                Model <span className="font-mono">{endpoint.model}</span> · score format {endpoint.scoreFormat}
              </>
            ) : (
              <>
                Scoring endpoints (kind SCORER) are added and tested in <Link href="/settings">Settings</Link>.
              </>
            )
          }
        >
          <select {...control("endpointId", true)} value={values.endpointId} onChange={(e) => set("endpointId", e.target.value)} className={INPUT}>
            <option value="">Choose a scoring endpoint…</option>
            {options.endpoints.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name} ({e.model})
              </option>
            ))}
          </select>
        </Field>
        <Field
          id={`${id}-scoreName`}
          label="Score name"
          error={errors.scoreName}
          hint={
            <>
              What the scores are stored and charted under; blank is <span className="font-mono">{defaultName}</span>.
            </>
          }
        >
          <input {...control("scoreName", true)} value={values.scoreName} placeholder={defaultName} onChange={(e) => set("scoreName", e.target.value)} className={INPUT} />
        </Field>
      </Fieldset>
    </RunForm>
  );
}
