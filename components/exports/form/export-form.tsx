"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { postJson, sendJson } from "@/components/ui/fetch-json";
import { Checkbox, controlProps, describedBy, Field, FieldError, Fieldset, FormErrors, INPUT, type SetValue, SubmitButton } from "@/components/ui/form-fields";
import { useFormErrors } from "@/components/ui/use-form-errors";
import { issuesByField, refusedMessages, serverErrorsByField, type FieldErrors } from "@/components/ui/form-errors";
import { EXPORT_FILE_TYPES, EXPORT_LAYOUTS, exportRequestSchema, type ExportLayoutName } from "@/lib/schemas/exports";
import type { ExportFormOptions } from "@/lib/server/exports/form-options";
import { FILE_TYPE_NAMES } from "../names";
import { CheckboxList } from "./checkbox-list";
import { FIELD_PATHS, toRequestInput, type ExportFieldPath, type ExportFormValues } from "./export-form-values";
import { ExportPreviewPanel } from "./export-preview";

// Defines an export (new) or changes one (edit). The request is checked in the browser with the
// schema the server parses; the preview beside it counts and shows the rows as the person edits.
// Filters that the chosen layout does not read are not shown (they keep their values).

const LAYOUT_LABELS: Record<ExportLayoutName, string> = {
  SFT: "SFT: chat messages ending in the chosen answer",
  PREFERENCE: "Preference: prompt, chosen, rejected, soft label (reward model, DPO)",
  H4_CAI: "H4 CAI: the Hugging Face columns, with train/test splits",
};

const USES = {
  answer: ["SFT", "H4_CAI"],
  pairs: ["PREFERENCE", "H4_CAI"],
  splits: ["H4_CAI"],
} as const satisfies Record<string, readonly ExportLayoutName[]>;

export function ExportForm({ options, initial, exportId }: { options: ExportFormOptions; initial: ExportFormValues; exportId?: number }) {
  const router = useRouter();
  const id = useId();
  const [values, setValues] = useState(initial);
  const { errors, otherErrors, setErrors, show, clear } = useFormErrors<FieldErrors<ExportFieldPath>>();
  const uses = (part: keyof typeof USES) => (USES[part] as readonly string[]).includes(values.layout);

  const set: SetValue<ExportFormValues> = (key, value) => {
    setValues((current) => ({ ...current, [key]: value }));
    setErrors({});
  };

  const save = useMutation({
    mutationFn: (request: unknown) => (exportId ? sendJson("PUT", `/api/exports/${exportId}`, request) : postJson("/api/exports", request)),
    onSuccess: ({ id: savedId }) => {
      router.push(`/exports/${savedId}`);
      router.refresh();
    },
    onError: (error) => {
      const refused = serverErrorsByField(error, FIELD_PATHS);
      show({ fields: refused.fields, other: refusedMessages(refused, "export") });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = exportRequestSchema.safeParse(toRequestInput(values));
    if (!parsed.success) {
      show(issuesByField(parsed.error.issues, FIELD_PATHS));
      return;
    }
    clear();
    save.mutate(parsed.data);
  };

  const control = (name: ExportFieldPath, hasHint = false) => controlProps(id, name, errors[name], hasHint);
  const field = (name: ExportFieldPath) => `${id}-${name}`;

  return (
    <div className="grid gap-6 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <form onSubmit={submit} aria-label={exportId ? "Edit export" : "New export"} noValidate className="space-y-6">
        <Fieldset legend="Export">
          <Field id={field("name")} label="Name" error={errors.name}>
            <input {...control("name")} value={values.name} onChange={(e) => set("name", e.target.value)} className={INPUT} />
          </Field>
          <div className="grid gap-4 sm:grid-cols-[2fr_1fr]">
            <Field id={field("layout")} label="Layout" error={errors.layout}>
              <select {...control("layout")} value={values.layout} onChange={(e) => set("layout", e.target.value as ExportLayoutName)} className={INPUT}>
                {EXPORT_LAYOUTS.map((layout) => (
                  <option key={layout} value={layout}>
                    {LAYOUT_LABELS[layout]}
                  </option>
                ))}
              </select>
            </Field>
            <Field id={field("fileType")} label="File type" error={errors.fileType}>
              <select {...control("fileType")} value={values.fileType} onChange={(e) => set("fileType", e.target.value as ExportFormValues["fileType"])} className={INPUT}>
                {EXPORT_FILE_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {FILE_TYPE_NAMES[type]}
                  </option>
                ))}
              </select>
            </Field>
          </div>
        </Fieldset>

        <Fieldset legend="What to take">
          <CheckboxList
            id={field("definition.datasetIds")}
            legend="Datasets"
            hint="None ticked: every dataset."
            error={errors["definition.datasetIds"]}
            options={options.datasets.map((d) => ({ value: String(d.id), label: d.name }))}
            selected={values.datasetIds}
            onChange={(v) => set("datasetIds", v)}
            empty="No dataset yet: import one first."
          />
          <CheckboxList
            id={field("definition.runIds")}
            legend="Runs"
            hint="None ticked: every run and every import. SFT and H4 read SL-CAI runs' chains; preference exports read labeling runs' verdicts."
            error={errors["definition.runIds"]}
            options={options.runs.map((r) => ({
              value: String(r.id),
              label: (
                <>
                  {r.name || `Run #${r.id}`}{" "}
                  <span className="text-sm text-stone-600">
                    #{r.id} · {r.kind === "SL_CAI" ? "SL-CAI" : "labeling"}
                    {r.dataset ? ` · ${r.dataset}` : ""}
                  </span>
                </>
              ),
            }))}
            selected={values.runIds}
            onChange={(v) => set("runIds", v)}
            empty="No SL-CAI or labeling run yet: imported chains and pairs can still be exported."
          />
          <div className="grid gap-4 sm:grid-cols-2">
            <Field id={field("definition.constitutionVersionId")} label="Constitution version" hint="Only chains made under it (SFT, H4)." error={errors["definition.constitutionVersionId"]}>
              <select
                {...control("definition.constitutionVersionId", true)}
                value={values.constitutionVersionId}
                onChange={(e) => set("constitutionVersionId", e.target.value)}
                className={INPUT}
              >
                <option value="">Any version</option>
                {options.versions.map((v) => (
                  <option key={v.id} value={v.id}>
                    {v.constitutionName} v{v.version}
                  </option>
                ))}
              </select>
            </Field>
            <Field id={field("definition.endpointId")} label="Endpoint" hint="Only runs on it: the SL-CAI model, or the judge of labels." error={errors["definition.endpointId"]}>
              <select {...control("definition.endpointId", true)} value={values.endpointId} onChange={(e) => set("endpointId", e.target.value)} className={INPUT}>
                <option value="">Any endpoint</option>
                {options.endpoints.map((e) => (
                  <option key={e.id} value={e.id}>
                    {e.name} · {e.model}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <CheckboxList
            id={field("definition.principleKeys")}
            legend="Principles"
            hint="Only chain steps and labels under these principle keys. None ticked: any principle."
            error={errors["definition.principleKeys"]}
            options={options.principles.map((p) => ({
              value: p.key,
              label: (
                <>
                  <span className="font-mono text-sm">{p.key}</span>{" "}
                  <span className="text-sm text-stone-600">{p.kinds.map((k) => (k === "CRITIQUE_REVISION" ? "critique-revision" : "preference")).join(", ")}</span>
                </>
              ),
            }))}
            selected={values.principleKeys}
            onChange={(v) => set("principleKeys", v)}
            empty="No principle yet."
          />
        </Fieldset>

        {uses("answer") && (
          <Fieldset legend="The answer (SFT, H4)">
            <fieldset aria-describedby={describedBy(field("definition.revision"), undefined, errors["definition.revision"])}>
              <legend className="font-medium text-stone-900">Which revision is the answer</legend>
              <div className="mt-1 space-y-1">
                <label className="flex items-center gap-2">
                  <input type="radio" name={`${id}-revision`} checked={values.revisionMode === "final"} onChange={() => set("revisionMode", "final")} className="accent-blue-800" />
                  The final revision (each chain&apos;s last step)
                </label>
                <label className="flex items-center gap-2">
                  <input type="radio" name={`${id}-revision`} checked={values.revisionMode === "all"} onChange={() => set("revisionMode", "all")} className="accent-blue-800" />
                  Every revision (one row per step: a chain of N steps gives N rows)
                </label>
                <label className="flex items-center gap-2">
                  <input type="radio" name={`${id}-revision`} checked={values.revisionMode === "index"} onChange={() => set("revisionMode", "index")} className="accent-blue-800" />
                  Revision number…
                </label>
              </div>
              {values.revisionMode === "index" && (
                <div className="mt-2 max-w-xs">
                  <label htmlFor={field("definition.revision")} className="text-sm text-stone-800">
                    Revision index ({values.layout === "H4_CAI" ? "from 1: H4 rows pair a critique with its revision" : "0 = the initial answer"})
                  </label>
                  <input
                    {...control("definition.revision", true)}
                    inputMode="numeric"
                    value={values.revisionIndex}
                    onChange={(e) => set("revisionIndex", e.target.value)}
                    className={INPUT}
                  />
                  <p id={`${field("definition.revision")}-hint`} className="mt-1 text-sm text-stone-600">
                    Chains shorter than this are left out.
                  </p>
                </div>
              )}
              <FieldError id={field("definition.revision")} error={errors["definition.revision"]} />
            </fieldset>
            {values.layout === "SFT" && (
              <Checkbox
                id={`${id}-importedAnswers`}
                label="Also take answers that came with imported prompts that have no chain (an imported SFT file)"
                hint="Not with runs, an endpoint, a constitution version, principles or a revision number: those only chains meet. Off by default: a prompts file's response column is also such an answer, the unrevised one SL-CAI runs start from."
                checked={values.importedAnswers}
                onChange={(v) => set("importedAnswers", v)}
              />
            )}
          </Fieldset>
        )}

        {uses("pairs") && (
          <Fieldset legend={values.layout === "H4_CAI" ? "Preference pairs (H4's prefs split)" : "Preference pairs"}>
            <Field
              id={field("definition.minConfidence")}
              label="Minimum confidence |P(A) − 0.5|"
              hint="Leave out pairs whose AI verdict is closer to 0.5 than this (0 to 0.5; 0 keeps every pair)."
              error={errors["definition.minConfidence"]}
            >
              <input
                {...control("definition.minConfidence", true)}
                inputMode="decimal"
                value={values.minConfidence}
                onChange={(e) => set("minConfidence", e.target.value)}
                className={`${INPUT} max-w-xs`}
              />
            </Field>
            <Checkbox
              id={`${id}-humanReviewedOnly`}
              label="Only pairs a person has answered (A, B or tie)"
              checked={values.humanReviewedOnly}
              onChange={(v) => set("humanReviewedOnly", v)}
            />
            <Checkbox
              id={`${id}-humanWins`}
              label="A person's answer wins over the AI's label"
              hint="Where a person answered, their answer decides chosen and rejected, and the soft label."
              checked={values.humanWins}
              onChange={(v) => set("humanWins", v)}
            />
            <Checkbox id={`${id}-excludeFlips`} label="Leave out pairs whose verdict flips with the order" checked={values.excludeFlips} onChange={(v) => set("excludeFlips", v)} />
            <Checkbox id={`${id}-excludeFlagged`} label="Leave out pairs a person flagged" checked={values.excludeFlagged} onChange={(v) => set("excludeFlagged", v)} />
          </Fieldset>
        )}

        <Fieldset legend="Leave out answers">
          <Checkbox
            id={`${id}-excludeEvasive`}
            label="Leave out evasive answers (a refusal that gives no reason)"
            hint="The answer (SFT) or the chosen response (preference), by the same detector as the Goodhart chart."
            checked={values.excludeEvasive}
            onChange={(v) => set("excludeEvasive", v)}
          />
          <Field
            id={field("definition.excludePhrases")}
            label="Leave out answers containing any of these phrases"
            hint="One phrase a line, case-insensitive, at least 3 characters. Suggested: the paper's example of boilerplate a preference model learns to reward."
            error={errors["definition.excludePhrases"]}
          >
            <textarea {...control("definition.excludePhrases", true)} rows={3} value={values.excludePhrases} onChange={(e) => set("excludePhrases", e.target.value)} className={INPUT} />
          </Field>
        </Fieldset>

        {uses("splits") && (
          <Fieldset legend="Train/test splits (H4)">
            <div className="grid gap-4 sm:grid-cols-2">
              <Field id={field("definition.testFraction")} label="Test fraction" hint="Share of prompts in the test splits (0 to 0.5)." error={errors["definition.testFraction"]}>
                <input
                  {...control("definition.testFraction", true)}
                  inputMode="decimal"
                  value={values.testFraction}
                  onChange={(e) => set("testFraction", e.target.value)}
                  className={INPUT}
                />
              </Field>
              <Field id={field("definition.seed")} label="Seed" hint="The same seed draws the same split." error={errors["definition.seed"]}>
                <input {...control("definition.seed", true)} inputMode="numeric" value={values.seed} onChange={(e) => set("seed", e.target.value)} className={INPUT} />
              </Field>
            </div>
          </Fieldset>
        )}

        <FormErrors messages={otherErrors} />
        <SubmitButton busy={save.isPending || save.isSuccess} busyLabel="Saving…">
          {exportId ? "Save changes" : "Save export"}
        </SubmitButton>
      </form>
      <div className="xl:sticky xl:top-4 xl:self-start">
        <ExportPreviewPanel values={values} />
      </div>
    </div>
  );
}
