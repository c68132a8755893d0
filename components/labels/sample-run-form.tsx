"use client";

import Link from "next/link";
import { useState } from "react";
import { Field, Fieldset, INPUT } from "@/components/ui/form-fields";
import { RunForm, useRunForm } from "@/components/runs/form/run-form";
import { SelectionCount } from "@/components/runs/form/selection-count";
import { sampleRunRequestSchema } from "@/lib/schemas/labels";
import { EndpointFacts, type EndpointOption } from "./endpoint-facts";
import { issuesByField } from "@/components/ui/form-errors";
import { initialSampleValues, SAMPLE_BLANK, SAMPLE_FIELD_PATHS, sampleFieldOf, toSampleRequestInput, type SampleFormValues } from "./sample-form-values";
import { SamplingParamsFields } from "./sampling-params-fields";

/**
 * Starts a sampling run: two fresh answers of an endpoint to each selected prompt, at a
 * temperature above 0 so they differ, made into one comparison pair per prompt.
 */
export function SampleRunForm({
  datasets,
  endpoints,
  initialDatasetId,
  datasetLocked = false,
}: {
  datasets: { id: number; name: string }[];
  endpoints: EndpointOption[];
  initialDatasetId?: number;
  datasetLocked?: boolean;
}) {
  const [values, setValues] = useState<SampleFormValues>(() =>
    initialSampleValues({
      datasetId: initialDatasetId ?? (datasets.length === 1 ? datasets[0].id : undefined),
      endpointId: endpoints.length === 1 ? endpoints[0].id : undefined,
    }),
  );
  const datasetId = datasetLocked && initialDatasetId ? String(initialDatasetId) : values.datasetId;
  const form = useRunForm({
    url: "/api/labels/sample-runs",
    paths: SAMPLE_FIELD_PATHS,
    check: () => {
      const parsed = sampleRunRequestSchema.safeParse(toSampleRequestInput({ ...values, datasetId }));
      if (parsed.success) return { request: parsed.data };
      return {
        problems: issuesByField(parsed.error.issues, SAMPLE_FIELD_PATHS, (field) =>
          (field === "datasetId" && datasetId === "") || (field === "endpointId" && values.endpointId === "") ? SAMPLE_BLANK[field] : undefined,
        ),
      };
    },
  });
  const { id, errors, setErrors, control } = form;
  const endpoint = endpoints.find((e) => String(e.id) === values.endpointId);
  const rawAllowed = endpoint?.kind !== "ANTHROPIC";

  const set = <K extends keyof SampleFormValues>(key: K, value: SampleFormValues[K]) => {
    setValues((current) => {
      const next = { ...current, [key]: value };
      if (endpoints.find((e) => String(e.id) === next.endpointId)?.kind === "ANTHROPIC") next.promptFormat = "chat";
      return next;
    });
    setErrors((current) => ({ ...current, [sampleFieldOf(key)]: undefined }));
  };

  return (
    <RunForm form={form} label="New sampling run" submitLabel="Start sampling run" unit="Prompts" values={values} set={set}>
      <Fieldset legend="Prompts">
        {!datasetLocked && (
          <Field id={`${id}-datasetId`} label="Dataset" error={errors.datasetId}>
            <select {...control("datasetId")} value={values.datasetId} onChange={(e) => set("datasetId", e.target.value)} className={INPUT}>
              <option value="">Choose a dataset…</option>
              {datasets.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </Field>
        )}
        <div className="grid gap-4 sm:grid-cols-3">
          <Field id={`${id}-filter.tag`} label="Only prompts tagged (optional)" error={errors["filter.tag"]}>
            <input {...control("filter.tag")} value={values.tag} onChange={(e) => set("tag", e.target.value)} className={INPUT} />
          </Field>
          <Field id={`${id}-filter.q`} label="Only prompts with these words (optional)" error={errors["filter.q"]}>
            <input {...control("filter.q")} type="search" value={values.q} onChange={(e) => set("q", e.target.value)} className={INPUT} />
          </Field>
          <Field id={`${id}-filter.limit`} label="At most the first N prompts (optional)" error={errors["filter.limit"]}>
            <input {...control("filter.limit")} inputMode="numeric" value={values.limit} onChange={(e) => set("limit", e.target.value)} className={INPUT} />
          </Field>
        </div>
        <SelectionCount values={{ datasetId, tag: values.tag, q: values.q, withoutChains: false, limit: values.limit }} />
      </Fieldset>

      <Fieldset legend="Model">
        <Field
          id={`${id}-endpointId`}
          label="Endpoint"
          error={errors.endpointId}
          hint={
            endpoint ? (
              <EndpointFacts endpoint={endpoint} />
            ) : (
              <>
                Endpoints are added and tested in <Link href="/settings">Settings</Link>.
              </>
            )
          }
        >
          <select {...control("endpointId", true)} value={values.endpointId} onChange={(e) => set("endpointId", e.target.value)} className={INPUT}>
            <option value="">Choose an endpoint…</option>
            {endpoints.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name} ({e.model})
              </option>
            ))}
          </select>
        </Field>
        <fieldset>
          <legend className="font-medium text-stone-900">Prompt format</legend>
          <div className="mt-1 space-y-1">
            <label className="flex items-center gap-2">
              <input type="radio" name={`${id}-format`} checked={values.promptFormat === "chat"} onChange={() => set("promptFormat", "chat")} className="accent-blue-800" />
              Chat messages
            </label>
            <label className={`flex items-center gap-2 ${rawAllowed ? "" : "text-stone-500"}`}>
              <input
                type="radio"
                name={`${id}-format`}
                checked={values.promptFormat === "raw"}
                disabled={!rawAllowed}
                onChange={() => set("promptFormat", "raw")}
                className="accent-blue-800"
              />
              Raw &quot;Human: / Assistant:&quot; text (completions API)
            </label>
          </div>
          {errors.promptFormat && <p className="mt-1 text-sm font-medium text-red-800">{errors.promptFormat}</p>}
        </fieldset>
        <SamplingParamsFields
          id={id}
          values={values}
          set={(key, value) => set(key, value)}
          errors={errors}
          control={control}
          temperatureHint="Above 0, so the two samples of a prompt differ; 1 by default."
        />
      </Fieldset>
    </RunForm>
  );
}
