"use client";

import Link from "next/link";
import { EndpointFacts } from "@/components/labels/endpoint-facts";
import type { RunFormOptions } from "@/lib/server/runs/queries";
import { Field, Fieldset, INPUT, type SetValue } from "@/components/ui/form-fields";
import type { FieldErrors, RunFormValues } from "./run-form-values";

type Endpoint = RunFormOptions["endpoints"][number];
type Control = (name: keyof FieldErrors, hasHint?: boolean) => { id: string; "aria-invalid"?: boolean; "aria-describedby"?: string };

/** The endpoint, how prompts are put to it, and this run's overrides of its sampling parameters. */
export function ModelFields({
  id,
  values,
  set,
  errors,
  endpoints,
  endpoint,
  control,
}: {
  id: string;
  values: RunFormValues;
  set: SetValue<RunFormValues>;
  errors: FieldErrors;
  endpoints: Endpoint[];
  endpoint?: Endpoint;
  control: Control;
}) {
  const rawAllowed = endpoint?.kind !== "ANTHROPIC";
  return (
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
              aria-describedby={`${id}-format-hint`}
              className="accent-blue-800"
            />
            Raw &quot;Human: / Assistant:&quot; text, as in the paper
          </label>
        </div>
        <p id={`${id}-format-hint`} className="mt-1 text-sm text-stone-600">
          {rawAllowed
            ? "Raw text goes to the completions API, so it needs an OpenAI-compatible endpoint that serves one (vLLM, llama.cpp, TGI...)."
            : "Raw text needs an OpenAI-compatible completions endpoint; Anthropic's Messages API only takes chat messages."}
        </p>
        {errors.promptFormat && <p className="mt-1 text-sm font-medium text-red-800">{errors.promptFormat}</p>}
      </fieldset>

      <div>
        <p className="font-medium text-stone-900">Sampling parameters</p>
        <p className="text-sm text-stone-600">Blank keeps the endpoint&apos;s own setting.</p>
        <div className="mt-2 grid gap-4 sm:grid-cols-3">
          <Field id={`${id}-params.temperature`} label="Temperature" error={errors["params.temperature"]}>
            <input {...control("params.temperature")} inputMode="decimal" value={values.temperature} onChange={(e) => set("temperature", e.target.value)} className={INPUT} />
          </Field>
          <Field id={`${id}-params.topP`} label="Top p" error={errors["params.topP"]}>
            <input {...control("params.topP")} inputMode="decimal" value={values.topP} onChange={(e) => set("topP", e.target.value)} className={INPUT} />
          </Field>
          <Field id={`${id}-params.maxTokens`} label="Max tokens" error={errors["params.maxTokens"]}>
            <input {...control("params.maxTokens")} inputMode="numeric" value={values.maxTokens} onChange={(e) => set("maxTokens", e.target.value)} className={INPUT} />
          </Field>
        </div>
        <div className="mt-4">
          <Field id={`${id}-params.stop`} label="Stop sequences" hint="One per line; write \n for a newline." error={errors["params.stop"]}>
            <textarea {...control("params.stop", true)} rows={2} value={values.stop} onChange={(e) => set("stop", e.target.value)} className={`${INPUT} font-mono text-sm`} />
          </Field>
        </div>
      </div>
    </Fieldset>
  );
}
