"use client";

import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { issuesByField, serverErrorsByField, type FieldErrors } from "@/components/ui/form-errors";
import { postJson } from "@/components/ui/fetch-json";
import { useDebounced } from "@/components/ui/use-debounced";
import { Checkbox, describedBy, Field, Fieldset, FormErrors, INPUT, SubmitButton } from "@/components/ui/form-fields";
import { formatCount } from "@/components/ui/format";
import { CRITERION_KINDS, CRITERION_LABELS, createQueueSchema, DEFAULT_THRESHOLDS, queuePreviewSchema, VERDICT_CRITERIA, type CriterionKind } from "@/lib/schemas/review";
import type { QueueFormOptions } from "@/lib/server/review/options";
import { blankQueueMessage, hasThreshold, initialQueueValues, QUEUE_FIELD_PATHS, toCreateQueueInput, type QueueFieldPath, type QueueFormValues } from "./new-queue-values";

/** Which message a value's field carries. */
const VALUE_PATHS: Record<keyof QueueFormValues, QueueFieldPath | "source" | "blindByDefault" | "randomiseSides"> = {
  name: "name",
  source: "source",
  labelRunId: "labelRunId",
  datasetId: "datasetId",
  kind: "criteria.kind",
  threshold: "criteria.threshold",
  seed: "criteria.seed",
  size: "criteria.size",
  reviewersPerItem: "reviewersPerItem",
  blindByDefault: "blindByDefault",
  randomiseSides: "randomiseSides",
  adjudicationThreshold: "adjudicationThreshold",
};

const THRESHOLD_HINTS: Record<keyof typeof DEFAULT_THRESHOLDS, string> = {
  "low-confidence": "Pairs whose |P(A) − 0.5| is below this (0 to 0.5): the AI barely prefers either response.",
  "principle-disagreement": "Pairs whose principles' P(A) spread (max − min) is above this.",
  "cot-clamp-gap": "Chain-of-thought pairs whose raw and clamped P(A) differ by more than this.",
};

/** A new review queue: which pairs (a labeling run's, or a dataset's), which of them, by how many people, blind or not. */
export function NewQueueForm({ options, defaults }: { options: QueueFormOptions; defaults: { labelRunId?: number; datasetId?: number } }) {
  const id = useId();
  const router = useRouter();
  const [values, setValues] = useState<QueueFormValues>(() => initialQueueValues(defaults));
  const [errors, setErrors] = useState<FieldErrors<QueueFieldPath>>({});
  const [otherErrors, setOtherErrors] = useState<string[]>([]);
  // changing a field takes its message down: the next "Create queue" checks it again
  const set = <K extends keyof QueueFormValues>(key: K, value: QueueFormValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors((current) => ({ ...current, [VALUE_PATHS[key]]: undefined }));
  };

  // how many pairs the queue will hold, asked only for a form the schema accepts (no failing request)
  const previewInput = useDebounced(JSON.stringify(toCreateQueueInput(values)), 300);
  const previewReady = queuePreviewSchema.safeParse(JSON.parse(previewInput)).success;
  const preview = useQuery({
    queryKey: ["queue-preview", previewInput],
    queryFn: () => postJson("/api/review/queues/preview", JSON.parse(previewInput)),
    enabled: previewReady,
    placeholderData: keepPreviousData,
    retry: false,
  });
  const create = useMutation({
    mutationFn: (input: unknown) => postJson("/api/review/queues", input),
    onSuccess: (queue) => router.push(`/review/${queue.id}`),
    onError: (error) => showErrors(serverErrorsByField(error, QUEUE_FIELD_PATHS), "The server refused the queue; see the fields marked below."),
  });

  function showErrors({ fields, other }: { fields: FieldErrors<QueueFieldPath>; other: string[] }, fallback?: string) {
    // "choose a labeling run (or a dataset…)" is about whichever source picker is on screen
    if (values.source === "dataset" && fields.labelRunId) fields = { ...fields, datasetId: fields.datasetId ?? "choose a dataset", labelRunId: undefined };
    setErrors(fields);
    setOtherErrors(other.length > 0 || Object.keys(fields).length > 0 || !fallback ? other : [fallback]);
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = createQueueSchema.safeParse(toCreateQueueInput(values));
    if (!parsed.success) {
      showErrors(issuesByField(parsed.error.issues, QUEUE_FIELD_PATHS, blankQueueMessage(values)));
      return;
    }
    setErrors({});
    setOtherErrors([]);
    create.mutate(parsed.data);
  };

  const chooseKind = (kind: CriterionKind) => setValues((v) => ({ ...v, kind, threshold: hasThreshold(kind) ? String(DEFAULT_THRESHOLDS[kind]) : v.threshold }));
  const kindsOffered = values.source === "run" ? CRITERION_KINDS : CRITERION_KINDS.filter((kind) => !VERDICT_CRITERIA.includes(kind));

  return (
    <form onSubmit={submit} aria-label="New review queue" noValidate className="max-w-3xl space-y-6">
      <Fieldset legend="Queue">
        <Field id={`${id}-name`} label="Name" error={errors.name}>
          <input
            id={`${id}-name`}
            value={values.name}
            onChange={(e) => set("name", e.target.value)}
            aria-invalid={Boolean(errors.name)}
            aria-describedby={describedBy(`${id}-name`, undefined, errors.name)}
            className={INPUT}
          />
        </Field>
      </Fieldset>

      <Fieldset legend="Pairs from">
        <div role="radiogroup" aria-label="Pairs from" className="space-y-1">
          <label className="flex items-center gap-2">
            <input
              type="radio"
              name={`${id}-source`}
              checked={values.source === "run"}
              className="accent-blue-800"
              onChange={() => setValues((v) => ({ ...v, source: "run", kind: "low-confidence", threshold: String(DEFAULT_THRESHOLDS["low-confidence"]) }))}
            />
            A labeling run: its verdicts select and rank the pairs
          </label>
          <label className="flex items-center gap-2">
            <input
              type="radio"
              name={`${id}-source`}
              checked={values.source === "dataset"}
              className="accent-blue-800"
              onChange={() => setValues((v) => ({ ...v, source: "dataset", kind: VERDICT_CRITERIA.includes(v.kind) ? "spot-check" : v.kind }))}
            />
            A dataset&apos;s pairs, without AI verdicts (a spot check, or all of them)
          </label>
        </div>
        {values.source === "run" ? (
          <Field id={`${id}-run`} label="Labeling run" error={errors.labelRunId}>
            <select
              id={`${id}-run`}
              value={values.labelRunId}
              onChange={(e) => set("labelRunId", e.target.value)}
              aria-invalid={Boolean(errors.labelRunId)}
              aria-describedby={describedBy(`${id}-run`, undefined, errors.labelRunId)}
              className={INPUT}
            >
              <option value="">Choose a labeling run…</option>
              {options.labelRuns.map((run) => (
                <option key={run.id} value={run.id}>
                  {run.name || `Run #${run.id}`} · {run.datasetName ?? "no dataset"} · {formatCount(run.verdicts)} {run.verdicts === 1 ? "verdict" : "verdicts"} · {run.status.toLowerCase()}
                </option>
              ))}
            </select>
          </Field>
        ) : (
          <Field id={`${id}-dataset`} label="Dataset" error={errors.datasetId}>
            <select
              id={`${id}-dataset`}
              value={values.datasetId}
              onChange={(e) => set("datasetId", e.target.value)}
              aria-invalid={Boolean(errors.datasetId)}
              aria-describedby={describedBy(`${id}-dataset`, undefined, errors.datasetId)}
              className={INPUT}
            >
              <option value="">Choose a dataset…</option>
              {options.datasets.map((dataset) => (
                <option key={dataset.id} value={dataset.id}>
                  {dataset.name} · {formatCount(dataset.comparisons)} {dataset.comparisons === 1 ? "pair" : "pairs"}
                </option>
              ))}
            </select>
          </Field>
        )}
      </Fieldset>

      <Fieldset legend="Which pairs">
        <Field
          id={`${id}-kind`}
          label="Criterion"
          error={errors["criteria.kind"]}
          hint={
            values.source === "dataset"
              ? "Without a labeling run there are no verdicts to rank by: spot-check the pairs or take them all."
              : "Pairs where the AI is least trustworthy come first."
          }
        >
          <select
            id={`${id}-kind`}
            value={values.kind}
            onChange={(e) => chooseKind(e.target.value as CriterionKind)}
            aria-invalid={Boolean(errors["criteria.kind"])}
            aria-describedby={describedBy(`${id}-kind`, true, errors["criteria.kind"])}
            className={INPUT}
          >
            {kindsOffered.map((kind) => (
              <option key={kind} value={kind}>
                {CRITERION_LABELS[kind]}
              </option>
            ))}
          </select>
        </Field>
        {hasThreshold(values.kind) && (
          <Field id={`${id}-threshold`} label="Threshold" hint={THRESHOLD_HINTS[values.kind]} error={errors["criteria.threshold"]}>
            <input
              id={`${id}-threshold`}
              inputMode="decimal"
              value={values.threshold}
              onChange={(e) => set("threshold", e.target.value)}
              aria-invalid={Boolean(errors["criteria.threshold"])}
              aria-describedby={describedBy(`${id}-threshold`, true, errors["criteria.threshold"])}
              className={INPUT}
            />
          </Field>
        )}
        {values.kind === "spot-check" && (
          <>
            <Field id={`${id}-seed`} label="Seed" hint="The same seed draws the same sample." error={errors["criteria.seed"]}>
              <input
                id={`${id}-seed`}
                value={values.seed}
                onChange={(e) => set("seed", e.target.value)}
                aria-invalid={Boolean(errors["criteria.seed"])}
                aria-describedby={describedBy(`${id}-seed`, true, errors["criteria.seed"])}
                className={INPUT}
              />
            </Field>
            <Field id={`${id}-size`} label="Sample size" hint="How many pairs to draw." error={errors["criteria.size"]}>
              <input
                id={`${id}-size`}
                inputMode="numeric"
                value={values.size}
                onChange={(e) => set("size", e.target.value)}
                aria-invalid={Boolean(errors["criteria.size"])}
                aria-describedby={describedBy(`${id}-size`, true, errors["criteria.size"])}
                className={INPUT}
              />
            </Field>
          </>
        )}
      </Fieldset>

      <Fieldset legend="Reviewers">
        <Field id={`${id}-n`} label="Reviewers per item" hint="An item is done when this many different people have answered it (skips do not count)." error={errors.reviewersPerItem}>
          <input
            id={`${id}-n`}
            inputMode="numeric"
            value={values.reviewersPerItem}
            onChange={(e) => set("reviewersPerItem", e.target.value)}
            aria-invalid={Boolean(errors.reviewersPerItem)}
            aria-describedby={describedBy(`${id}-n`, true, errors.reviewersPerItem)}
            className={INPUT}
          />
        </Field>
        <Checkbox
          id={`${id}-blind`}
          label="Blind: hide the AI's judgment until the reviewer answers or asks to see it"
          checked={values.blindByDefault}
          onChange={(checked) => set("blindByDefault", checked)}
          hint="Answers given after seeing the AI's judgment are recorded as such."
        />
        <Checkbox
          id={`${id}-sides`}
          label="Randomise sides: draw which response each reviewer sees first"
          checked={values.randomiseSides}
          onChange={(checked) => set("randomiseSides", checked)}
          hint="Drawn per reviewer and pair from a recorded seed; answers are stored as A or B all the same, so a reviewer's position bias shows on the agreement page."
        />
        <Field
          id={`${id}-adjudicate`}
          label="Adjudicate when people and AI differ by more than"
          hint="Optional, between 0 and 1: |people's share for A − the AI's P(A)|. Items whose reviewers disagree go to adjudication anyway."
          error={errors.adjudicationThreshold}
        >
          <input
            id={`${id}-adjudicate`}
            inputMode="decimal"
            value={values.adjudicationThreshold}
            onChange={(e) => set("adjudicationThreshold", e.target.value)}
            aria-invalid={Boolean(errors.adjudicationThreshold)}
            aria-describedby={describedBy(`${id}-adjudicate`, true, errors.adjudicationThreshold)}
            className={INPUT}
          />
        </Field>
      </Fieldset>

      <p role="status" aria-label="Queue size" className="rounded bg-stone-100 px-3 py-2 text-sm text-stone-800">
        {!previewReady
          ? "Choose the pairs to see how many the queue will hold."
          : preview.isError
            ? `The pairs could not be counted: ${preview.error.message}`
            : !preview.data
              ? "Counting the pairs…"
              : preview.data.items === 0
                ? "No pair matches: the queue would be empty."
                : `This queue will hold ${formatCount(preview.data.items)} ${preview.data.items === 1 ? "pair" : "pairs"}: ${formatCount(preview.data.answers)} ${preview.data.answers === 1 ? "answer" : "answers"} to complete it.`}
      </p>
      <FormErrors messages={otherErrors} />
      <SubmitButton busy={create.isPending} busyLabel="Creating queue…">
        Create queue
      </SubmitButton>
    </form>
  );
}
