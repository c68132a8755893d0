"use client";

import { Field, INPUT } from "@/components/ui/form-fields";

export interface SamplingParamValues {
  temperature: string;
  topP: string;
  maxTokens: string;
  stop: string;
}

type Control = (
  name: "params.temperature" | "params.topP" | "params.maxTokens" | "params.stop",
  hasHint?: boolean,
) => {
  id: string;
  "aria-invalid"?: boolean;
  "aria-describedby"?: string;
};

/** The run's overrides of the endpoint's sampling parameters; blank keeps the endpoint's own. */
export function SamplingParamsFields({
  id,
  values,
  set,
  errors,
  control,
  temperatureHint,
}: {
  id: string;
  values: SamplingParamValues;
  set: (key: keyof SamplingParamValues, value: string) => void;
  errors: Partial<Record<"params.temperature" | "params.topP" | "params.maxTokens" | "params.stop", string>>;
  control: Control;
  temperatureHint?: string;
}) {
  return (
    <div>
      <p className="font-medium text-stone-900">Sampling parameters</p>
      <p className="text-sm text-stone-600">Blank keeps the endpoint&apos;s own setting.</p>
      <div className="mt-2 grid gap-4 sm:grid-cols-3">
        <Field id={`${id}-params.temperature`} label="Temperature" hint={temperatureHint} error={errors["params.temperature"]}>
          <input
            {...control("params.temperature", !!temperatureHint)}
            inputMode="decimal"
            value={values.temperature}
            onChange={(e) => set("temperature", e.target.value)}
            className={INPUT}
          />
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
  );
}
