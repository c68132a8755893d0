"use client";

import { useState } from "react";
import { slRunRequestSchema } from "@/lib/schemas/runs";
import type { RunFormOptions } from "@/lib/server/runs/queries";
import { Checkbox, Field, Fieldset, INPUT, type SetValue } from "@/components/ui/form-fields";
import { ModelFields } from "./model-fields";
import { FIELD_PATHS, initialValues, issuesByField, toRequestInput, type RunFormValues } from "./run-form-values";
import { RunForm, useRunForm } from "./run-form";
import { SelectionCount } from "./selection-count";

/**
 * Starts an SL-CAI run. The request is checked in the browser with the same schema the server
 * parses, so most mistakes are named beside their field before anything is sent; what only the
 * server can know (a filter with no searchable word, a version without few-shots) comes back
 * naming its field and lands beside the same fields.
 */
export function NewRunForm({ options, initialDatasetId }: { options: RunFormOptions; initialDatasetId?: number }) {
  const [values, setValues] = useState<RunFormValues>(() =>
    initialValues({
      datasetId: initialDatasetId ?? (options.datasets.length === 1 ? options.datasets[0].id : undefined),
      endpointId: options.endpoints.length === 1 ? options.endpoints[0].id : undefined,
      constitutionVersionId: options.defaultVersionId,
    }),
  );
  const form = useRunForm({
    url: "/api/runs",
    paths: FIELD_PATHS,
    check: () => {
      const parsed = slRunRequestSchema.safeParse(toRequestInput(values));
      return parsed.success ? { request: parsed.data } : { problems: issuesByField(parsed.error.issues, values) };
    },
  });
  const { id, errors, setErrors, control } = form;

  const endpoint = options.endpoints.find((e) => String(e.id) === values.endpointId);
  const version = options.versions.find((v) => String(v.id) === values.constitutionVersionId);
  const fewShotsAvailable = (version?.fewShots ?? 0) > 0;

  const set: SetValue<RunFormValues> = (key, value) => {
    setValues((current) => {
      const next = { ...current, [key]: value };
      // choices the new endpoint or version cannot honour are switched off, not left to fail
      const nextEndpoint = options.endpoints.find((e) => String(e.id) === next.endpointId);
      if (nextEndpoint?.kind === "ANTHROPIC") next.promptFormat = "chat";
      const nextVersion = options.versions.find((v) => String(v.id) === next.constitutionVersionId);
      if ((nextVersion?.fewShots ?? 0) === 0) next.fewShot = false;
      return next;
    });
    setErrors((current) => ({ ...current, [fieldOf(key)]: undefined }));
  };

  return (
    <RunForm
      form={form}
      label="New SL-CAI run"
      submitLabel="Start run"
      unit="Prompts"
      values={values}
      set={set}
      runFields={
        <Checkbox
          id={`${id}-reuse`}
          label="Start from a response that came with the prompt, when there is one"
          checked={values.reuseExistingResponse}
          onChange={(v) => set("reuseExistingResponse", v)}
          hint="Otherwise the endpoint writes a fresh initial response for every prompt."
        />
      }
    >
      <Fieldset legend="Prompts">
        <Field id={`${id}-datasetId`} label="Dataset" error={errors.datasetId}>
          <select {...control("datasetId")} value={values.datasetId} onChange={(e) => set("datasetId", e.target.value)} className={INPUT}>
            <option value="">Choose a dataset…</option>
            {options.datasets.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id={`${id}-filter.tag`} label="Only prompts tagged (optional)" error={errors["filter.tag"]}>
            <input {...control("filter.tag")} value={values.tag} onChange={(e) => set("tag", e.target.value)} className={INPUT} />
          </Field>
          <Field id={`${id}-filter.q`} label="Only prompts with these words (optional)" error={errors["filter.q"]}>
            <input {...control("filter.q")} type="search" value={values.q} onChange={(e) => set("q", e.target.value)} className={INPUT} />
          </Field>
          <Field id={`${id}-filter.limit`} label="At most the first N prompts (optional)" error={errors["filter.limit"]}>
            <input {...control("filter.limit")} inputMode="numeric" value={values.limit} onChange={(e) => set("limit", e.target.value)} className={INPUT} />
          </Field>
          <div className="self-end pb-2">
            <Checkbox id={`${id}-withoutChains`} label="Only prompts without a chain yet" checked={values.withoutChains} onChange={(v) => set("withoutChains", v)} />
          </div>
        </div>
        <SelectionCount values={values} />
      </Fieldset>

      <ModelFields id={id} values={values} set={set} errors={errors} endpoints={options.endpoints} endpoint={endpoint} control={control} />

      <Fieldset legend="Constitution and steps">
        <Field id={`${id}-constitutionVersionId`} label="Constitution version" error={errors.constitutionVersionId}>
          <select {...control("constitutionVersionId")} value={values.constitutionVersionId} onChange={(e) => set("constitutionVersionId", e.target.value)} className={INPUT}>
            <option value="">Choose a version…</option>
            {options.versions.map((v) => (
              <option key={v.id} value={v.id} disabled={v.principles === 0}>
                {v.constitutionName} v{v.version} · {v.principles} critique-revision {v.principles === 1 ? "principle" : "principles"}
                {v.fewShots > 0 ? ` · ${v.fewShots} few-shot` : ""}
                {v.principles === 0 ? " (none: cannot be used)" : ""}
              </option>
            ))}
          </select>
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id={`${id}-revisions`} label="Critique-revision steps (N)" hint="The paper uses up to 4." error={errors.revisions}>
            <input {...control("revisions", true)} inputMode="numeric" value={values.revisions} onChange={(e) => set("revisions", e.target.value)} className={INPUT} />
          </Field>
          <SamplingFields id={id} values={values} set={set} error={errors["sampling.seed"]} />
        </div>
        <Checkbox
          id={`${id}-fewShot`}
          label="Prepend the version's critique-revision few-shot examples"
          checked={values.fewShot}
          disabled={!fewShotsAvailable}
          onChange={(v) => set("fewShot", v)}
          hint={version && !fewShotsAvailable ? "Not available: this constitution version has no critique-revision few-shot examples." : undefined}
          error={errors.fewShot}
        />
      </Fieldset>
    </RunForm>
  );
}

function SamplingFields({ id, values, set, error }: { id: string; values: RunFormValues; set: SetValue<RunFormValues>; error?: string }) {
  return (
    <fieldset>
      <legend className="font-medium text-stone-900">Principle for each step</legend>
      <div className="mt-1 space-y-1">
        <label className="flex items-center gap-2">
          <input type="radio" name={`${id}-sampling`} checked={values.samplingMode === "uniform"} onChange={() => set("samplingMode", "uniform")} className="accent-blue-800" />
          Drawn at random (uniform), from a seed
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name={`${id}-sampling`} checked={values.samplingMode === "fixed"} onChange={() => set("samplingMode", "fixed")} className="accent-blue-800" />
          In the constitution&apos;s order (fixed)
        </label>
      </div>
      {values.samplingMode === "uniform" && (
        <div className="mt-2">
          <label htmlFor={`${id}-sampling.seed`} className="text-sm text-stone-800">
            Seed
          </label>
          <input
            id={`${id}-sampling.seed`}
            inputMode="numeric"
            value={values.seed}
            onChange={(e) => set("seed", e.target.value)}
            placeholder="blank: a random seed, recorded with the run"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-sampling.seed-error` : undefined}
            className={INPUT}
          />
          {error && (
            <p id={`${id}-sampling.seed-error`} className="mt-1 text-sm font-medium text-red-800">
              {error}
            </p>
          )}
        </div>
      )}
    </fieldset>
  );
}

/** The error slot a form value's messages go to (the filter's parts are named filter.*, and so on). */
function fieldOf(key: keyof RunFormValues): string {
  const map: Partial<Record<keyof RunFormValues, string>> = {
    tag: "filter.tag",
    q: "filter.q",
    limit: "filter.limit",
    seed: "sampling.seed",
    temperature: "params.temperature",
    topP: "params.topP",
    maxTokens: "params.maxTokens",
    stop: "params.stop",
  };
  return map[key] ?? key;
}
