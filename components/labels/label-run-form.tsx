"use client";

import Link from "next/link";
import { useState, type ReactNode } from "react";
import { Checkbox, Field, FieldError, Fieldset, INPUT } from "@/components/ui/form-fields";
import { RunForm, useRunForm } from "@/components/runs/form/run-form";
import { labelRunRequestSchema } from "@/lib/schemas/labels";
import type { LabelFormOptions } from "@/lib/server/comparisons/options";
import { EndpointFacts } from "./endpoint-facts";
import { issuesByField } from "@/components/ui/form-errors";
import {
  blankMessage,
  crossFieldProblems,
  initialLabelValues,
  LABEL_FIELD_PATHS,
  labelFieldOf,
  logprobsPossible,
  logprobsRefusal,
  toLabelRequestInput,
  type LabelFormDefaults,
  type LabelFormValues,
  type MethodKind,
} from "./label-form-values";
import { PairSelectionCount } from "./pair-selection-count";
import { SamplingParamsFields } from "./sampling-params-fields";

const SOURCES = [
  ["", "Any source"],
  ["CHAIN", "From chains (initial vs revised)"],
  ["SAMPLES", "From samples"],
  ["IMPORTED", "Imported pairs (hh-rlhf)"],
  ["MANUAL", "Made by hand"],
] as const;

/**
 * Starts a labeling run: a feedback model judges each selected pair under K preference principles
 * of a constitution version, in one or both orders, with or without chain of thought. Checked in
 * the browser with the schema the server parses, plus what the chosen endpoint and version allow;
 * what only the server knows comes back naming its field and lands beside the same fields.
 */
export function LabelRunForm({ options, defaults }: { options: LabelFormOptions; defaults: Omit<LabelFormDefaults, "endpoint" | "constitutionVersionId"> }) {
  const [values, setValues] = useState<LabelFormValues>(() =>
    initialLabelValues({
      ...defaults,
      datasetId: defaults.datasetId ?? (options.datasets.length === 1 ? options.datasets[0].id : undefined),
      endpoint: options.endpoints.length === 1 ? options.endpoints[0] : undefined,
      constitutionVersionId: options.defaultVersionId,
    }),
  );
  const [switchedMethod, setSwitchedMethod] = useState<string | null>(null);

  const endpoint = options.endpoints.find((e) => String(e.id) === values.endpointId);
  const version = options.versions.find((v) => String(v.id) === values.constitutionVersionId);
  const form = useRunForm({
    url: "/api/labels/runs",
    paths: LABEL_FIELD_PATHS,
    check: () => {
      const parsed = labelRunRequestSchema.safeParse(toLabelRequestInput(values));
      const cross = crossFieldProblems(values, endpoint, version);
      if (parsed.success && Object.keys(cross).length === 0) return { request: parsed.data };
      const { fields, other } = parsed.success ? { fields: {}, other: [] } : issuesByField(parsed.error.issues, LABEL_FIELD_PATHS, blankMessage(values));
      return { problems: { fields: { ...cross, ...fields }, other } };
    },
  });
  const { id, errors, otherErrors, setErrors, control } = form;
  const refusal = logprobsRefusal(endpoint);
  const fewShotsAvailable = (version?.fewShots[values.chainOfThought ? "PREFERENCE_COT" : "PREFERENCE"] ?? 0) > 0;
  const pairRuns = options.sampleRuns.filter((r) => String(r.datasetId) === values.datasetId);
  const k = Number(values.principlesPerPair);
  const judgmentsPerPair = Number.isInteger(k) && k > 0 ? k * (values.bothOrders ? 2 : 1) : null;

  const set = <K extends keyof LabelFormValues>(key: K, value: LabelFormValues[K]) => {
    const next = { ...values, [key]: value };
    // choices the new endpoint or version cannot honour are switched, and the form says so
    const nextEndpoint = options.endpoints.find((e) => String(e.id) === next.endpointId);
    if (key === "endpointId" && nextEndpoint && next.methodKind === "logprobs" && !logprobsPossible(nextEndpoint)) {
      next.methodKind = "sampled";
      setSwitchedMethod(`Switched to the sampled fallback: ${logprobsRefusal(nextEndpoint)}`);
    } else if (key === "endpointId" || key === "methodKind") {
      setSwitchedMethod(null);
    }
    if (nextEndpoint?.kind === "ANTHROPIC") next.promptFormat = "chat";
    const nextVersion = options.versions.find((v) => String(v.id) === next.constitutionVersionId);
    if ((nextVersion?.fewShots[next.chainOfThought ? "PREFERENCE_COT" : "PREFERENCE"] ?? 0) === 0) next.fewShot = false;
    if (key === "datasetId") next.pairRunId = "";
    setValues(next);
    setErrors((current) => ({ ...current, [labelFieldOf(key)]: undefined }));
  };

  return (
    <RunForm
      form={form}
      label="New labeling run"
      submitLabel="Start labeling run"
      unit="Pairs"
      values={values}
      set={set}
      notice={
        Object.values(errors).some(Boolean) &&
        otherErrors.length === 0 && (
          <p role="alert" className="rounded bg-red-50 px-3 py-2 text-red-900">
            Some fields need a change: see the messages beside them.
          </p>
        )
      }
    >
      <Fieldset legend="Pairs to judge">
        <Field id={`${id}-datasetId`} label="Dataset" error={errors.datasetId}>
          <select {...control("datasetId")} value={values.datasetId} onChange={(e) => set("datasetId", e.target.value)} className={INPUT}>
            <option value="">Choose a dataset…</option>
            {options.datasets.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name} · {d.comparisons} {d.comparisons === 1 ? "comparison" : "comparisons"}
              </option>
            ))}
          </select>
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id={`${id}-pairs.source`} label="Where the pairs came from" error={errors["pairs.source"]}>
            <select {...control("pairs.source")} value={values.source} onChange={(e) => set("source", e.target.value as LabelFormValues["source"])} className={INPUT}>
              {SOURCES.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </Field>
          <Field id={`${id}-pairs.pairRunId`} label="Only the pairs of a sampling run (optional)" error={errors["pairs.pairRunId"]}>
            <select {...control("pairs.pairRunId")} value={values.pairRunId} onChange={(e) => set("pairRunId", e.target.value)} className={INPUT} disabled={pairRuns.length === 0}>
              <option value="">{pairRuns.length === 0 ? "No sampling run on this dataset" : "Any pairs"}</option>
              {pairRuns.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name || `Sampling run #${r.id}`} (#{r.id})
                </option>
              ))}
            </select>
          </Field>
          <Field id={`${id}-pairs.limit`} label="At most the first N pairs (optional)" error={errors["pairs.limit"]}>
            <input {...control("pairs.limit")} inputMode="numeric" value={values.limit} onChange={(e) => set("limit", e.target.value)} className={INPUT} />
          </Field>
          <div className="self-end pb-2">
            <Checkbox
              id={`${id}-pairs.unjudgedOnly`}
              label="Only pairs this endpoint has not judged yet"
              checked={values.unjudgedOnly}
              onChange={(v) => set("unjudgedOnly", v)}
              error={errors["pairs.unjudgedOnly"]}
            />
          </div>
        </div>
        <PairSelectionCount values={values} judgments={judgmentsPerPair} />
        <p className="text-sm text-stone-600">
          No pairs yet? <Link href={`/comparisons/new${values.datasetId ? `?dataset=${values.datasetId}` : ""}`}>Make pairs</Link> from chains or samples first.
        </p>
      </Fieldset>

      <Fieldset legend="Feedback model">
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
            {options.endpoints.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name} ({e.model})
              </option>
            ))}
          </select>
        </Field>

        <fieldset aria-describedby={errors.method ? `${id}-method-error` : undefined}>
          <legend className="font-medium text-stone-900">How P(A) is read</legend>
          <div className="mt-1 space-y-2">
            <MethodChoice
              id={id}
              value="logprobs"
              current={values.methodKind}
              onChange={(m) => set("methodKind", m)}
              disabled={!!refusal}
              title="Log-probs of the answer letters (the paper's way)"
            >
              P(A) = exp(lp A) / (exp(lp A) + exp(lp B)) from the log-probs the model gives the tokens &quot;A&quot; and &quot;B&quot;: a soft label, not a hard click.
              {refusal && <span className="mt-1 block font-medium text-amber-950">Not available: {refusal}</span>}
              {endpoint && !refusal && endpoint.supportsLogprobs === null && (
                <span className="mt-1 block text-amber-950">
                  {endpoint.lastTestOk === false ? "This endpoint's last test failed" : "This endpoint has not been tested"}: if it returns no log-probs, its labels will fail.{" "}
                  <Link href="/settings">Test it</Link>.
                </span>
              )}
            </MethodChoice>
            <MethodChoice id={id} value="sampled" current={values.methodKind} onChange={(m) => set("methodKind", m)} title="Fallback: sample the answer k times">
              For endpoints without log-probs: ask k times at temperature 1 and use the share of answers that chose A. Every label it makes says &quot;sampled&quot; and records k.
            </MethodChoice>
            {values.methodKind === "sampled" && (
              <div className="ml-6 max-w-48">
                <Field id={`${id}-method.k`} label="Samples per label (k)" error={errors["method.k"]}>
                  <input {...control("method.k")} inputMode="numeric" value={values.k} onChange={(e) => set("k", e.target.value)} className={INPUT} />
                </Field>
              </div>
            )}
            <MethodChoice id={id} value="stated" current={values.methodKind} onChange={(m) => set("methodKind", m)} title="Fallback: the model states a probability">
              For endpoints without log-probs: ask for the probability, from 0 to 1, that (A) is better. Every label it makes says &quot;stated&quot;.
            </MethodChoice>
          </div>
          {switchedMethod && (
            <p role="status" className="mt-2 rounded bg-amber-100 px-3 py-2 text-sm text-amber-950">
              {switchedMethod}
            </p>
          )}
          <FieldError id={`${id}-method`} error={errors.method} />
        </fieldset>

        <fieldset>
          <legend className="font-medium text-stone-900">Prompt format</legend>
          <div className="mt-1 space-y-1">
            <label className="flex items-center gap-2">
              <input type="radio" name={`${id}-format`} checked={values.promptFormat === "chat"} onChange={() => set("promptFormat", "chat")} className="accent-blue-800" />
              Chat messages
            </label>
            <label className={`flex items-center gap-2 ${endpoint?.kind === "ANTHROPIC" ? "text-stone-500" : ""}`}>
              <input
                type="radio"
                name={`${id}-format`}
                checked={values.promptFormat === "raw"}
                disabled={endpoint?.kind === "ANTHROPIC"}
                onChange={() => set("promptFormat", "raw")}
                className="accent-blue-800"
              />
              The paper&apos;s raw text, ending &quot;The answer is: (&quot; (completions API)
            </label>
          </div>
          <FieldError id={`${id}-promptFormat`} error={errors.promptFormat} />
        </fieldset>

        <SamplingParamsFields id={id} values={values} set={(key, value) => set(key, value)} errors={errors} control={control} />
      </Fieldset>

      <Fieldset legend="Principles">
        <Field id={`${id}-constitutionVersionId`} label="Constitution version" error={errors.constitutionVersionId}>
          <select {...control("constitutionVersionId")} value={values.constitutionVersionId} onChange={(e) => set("constitutionVersionId", e.target.value)} className={INPUT}>
            <option value="">Choose a version…</option>
            {options.versions.map((v) => (
              <option key={v.id} value={v.id} disabled={v.preference === 0}>
                {v.constitutionName} v{v.version} · {v.preference} preference {v.preference === 1 ? "principle" : "principles"}
                {v.preference === 0 ? " (none: cannot be used)" : ""}
              </option>
            ))}
          </select>
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            id={`${id}-principlesPerPair`}
            label="Principles per pair (K)"
            hint="Drawn at random for each pair. K above 1 is an ensemble: the verdict averages them; the paper found ensembles beat a single principle, and their number matters less."
            error={errors.principlesPerPair}
          >
            <input
              {...control("principlesPerPair", true)}
              inputMode="numeric"
              value={values.principlesPerPair}
              onChange={(e) => set("principlesPerPair", e.target.value)}
              className={INPUT}
            />
          </Field>
          <Field id={`${id}-seed`} label="Seed (optional)" hint="Blank: a random seed, recorded with the run, so the draw can be replayed." error={errors.seed}>
            <input {...control("seed", true)} inputMode="numeric" value={values.seed} onChange={(e) => set("seed", e.target.value)} className={INPUT} />
          </Field>
        </div>
        <Checkbox
          id={`${id}-fewShot`}
          label={`Prepend the version's ${values.chainOfThought ? "chain-of-thought " : ""}preference few-shot examples`}
          checked={values.fewShot}
          disabled={!fewShotsAvailable}
          onChange={(v) => set("fewShot", v)}
          hint={version && !fewShotsAvailable ? `Not available: this version has no ${values.chainOfThought ? "chain-of-thought " : ""}preference few-shot examples.` : undefined}
          error={errors.fewShot}
        />
      </Fieldset>

      <Fieldset legend="Position bias and reasoning">
        <Checkbox
          id={`${id}-bothOrders`}
          label="Judge each pair in both orders, (A, B) and (B, A)"
          checked={values.bothOrders}
          onChange={(v) => set("bothOrders", v)}
          hint="Catches position bias: a judge that prefers whichever answer is shown first picks different winners in the two orders, and the pair is flagged FLIPPED. The label averages the two orders. Doubles the calls."
          error={errors.bothOrders}
        />
        <Checkbox
          id={`${id}-chainOfThought`}
          label="Chain of thought: let the model reason step by step first"
          checked={values.chainOfThought}
          onChange={(v) => set("chainOfThought", v)}
          hint="The reasoning is stored, then the answer's probabilities are read after it (a second call). Chain-of-thought labels are over-confident (near 0 or 1), so the paper clamps them; raw and clamped values are both kept."
          error={errors.chainOfThought}
        />
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id={`${id}-clamp.low`} label="Clamp: lowest P(A)" error={errors["clamp.low"] ?? errors.clamp}>
            <input
              {...control("clamp.low")}
              inputMode="decimal"
              value={values.clampLow}
              disabled={!values.chainOfThought}
              onChange={(e) => set("clampLow", e.target.value)}
              className={INPUT}
            />
          </Field>
          <Field id={`${id}-clamp.high`} label="Clamp: highest P(A)" error={errors["clamp.high"]}>
            <input
              {...control("clamp.high")}
              inputMode="decimal"
              value={values.clampHigh}
              disabled={!values.chainOfThought}
              onChange={(e) => set("clampHigh", e.target.value)}
              className={INPUT}
            />
          </Field>
        </div>
        <p className="text-sm text-stone-600">
          {values.chainOfThought ? "Chain-of-thought labels are clamped to this range (the paper: 40% to 60%)." : "The clamp applies to chain-of-thought labels only."}
        </p>
      </Fieldset>
    </RunForm>
  );
}

function MethodChoice({
  id,
  value,
  current,
  onChange,
  disabled = false,
  title,
  children,
}: {
  id: string;
  value: MethodKind;
  current: MethodKind;
  onChange: (m: MethodKind) => void;
  disabled?: boolean;
  title: string;
  children: ReactNode;
}) {
  return (
    <label className={`flex items-start gap-2 ${disabled ? "text-stone-500" : ""}`}>
      <input
        type="radio"
        name={`${id}-method`}
        checked={current === value}
        disabled={disabled}
        onChange={() => onChange(value)}
        aria-describedby={`${id}-method-${value}-hint`}
        className="mt-1 accent-blue-800"
      />
      <span>
        <span className={`font-medium ${disabled ? "text-stone-500" : "text-stone-900"}`}>{title}</span>
        <span id={`${id}-method-${value}-hint`} className="block text-sm text-stone-600">
          {children}
        </span>
      </span>
    </label>
  );
}
