"use client";

import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRoleAtLeast } from "@/components/auth/session-user";
import { PROGRESS_POLL_MS } from "@/components/runs/run-status";
import { fetchJson, postJson } from "@/components/ui/fetch-json";
import { issuesByField, serverErrorsWithForm, type FieldErrors } from "@/components/ui/form-errors";
import { Checkbox, controlProps, Field, INPUT } from "@/components/ui/form-fields";
import { Button } from "@/components/ui/button";
import { formatDateTime } from "@/components/ui/format";
import { StatusBadge, type StatusTone } from "@/components/ui/status-badge";
import { hubPushRequestSchema } from "@/lib/schemas/exports";
import type { ExportRunStatus } from "@/lib/server/exports/definitions";
import type { HubPushSummary } from "@/lib/server/exports/hub-pushes";
import { isExportActive } from "./export-run-status";
import { PersonLink } from "./person-link";

// A finished export run's pushes to the Hugging Face Hub: each one's state and, once through, the
// link to the dataset and its commit; and, for reviewers and admins (who may run exports), the form
// that pushes the run's files and dataset card to a dataset. A push is queued at once and uploaded
// by a worker with the token of its environment (HF_TOKEN): the page polls until it ends.

const LABELS: Record<ExportRunStatus, string> = { QUEUED: "queued", RUNNING: "pushing", SUCCEEDED: "pushed", FAILED: "failed", CANCELLED: "cancelled" };
const TONES: Record<ExportRunStatus, StatusTone> = { QUEUED: "waiting", RUNNING: "active", SUCCEEDED: "success", FAILED: "failure", CANCELLED: "stopped" };

const pushesKey = (exportRunId: number) => ["hub-pushes", exportRunId] as const;

export function HubPushes({ exportRunId }: { exportRunId: number }) {
  const pushes = useQuery({
    queryKey: pushesKey(exportRunId),
    queryFn: () => fetchJson(`/api/export-runs/${exportRunId}/push`),
    refetchInterval: (query) => (query.state.data?.some((push) => isExportActive(push.status)) ? PROGRESS_POLL_MS : false),
  });
  const mayPush = useRoleAtLeast("REVIEWER");
  const list = pushes.data ?? [];
  if (!mayPush && list.length === 0) return null;
  return (
    <section aria-label={`Hugging Face Hub pushes of export run ${exportRunId}`} className="space-y-2">
      <h4 className="text-sm font-medium text-stone-800">Hugging Face Hub</h4>
      {list.length > 0 && (
        <ul className="space-y-1 text-sm">
          {list.map((push) => (
            <HubPushLine key={push.id} push={push} />
          ))}
        </ul>
      )}
      {mayPush && <PushForm exportRunId={exportRunId} />}
    </section>
  );
}

function HubPushLine({ push }: { push: HubPushSummary }) {
  return (
    <li aria-label={`Push to ${push.repo}`} className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
      <StatusBadge tone={TONES[push.status]}>{LABELS[push.status]}</StatusBadge>
      {push.datasetUrl ? (
        <a href={push.datasetUrl} target="_blank" rel="noreferrer" className="font-mono">
          {push.repo}
        </a>
      ) : (
        <span className="font-mono">{push.repo}</span>
      )}
      {push.commitUrl && (
        <a href={push.commitUrl} target="_blank" rel="noreferrer" className="font-mono text-xs">
          commit {push.commitOid?.slice(0, 8)}
        </a>
      )}
      <span className="text-stone-600">
        by <PersonLink who={push.createdBy} /> on <span suppressHydrationWarning>{formatDateTime(push.createdAt)}</span>
      </span>
      {push.error && (
        <p role="alert" className="w-full rounded bg-red-50 px-3 py-2 whitespace-pre-wrap text-red-900">
          {push.error}
        </p>
      )}
    </li>
  );
}

type PushField = "repo";

function PushForm({ exportRunId }: { exportRunId: number }) {
  const queryClient = useQueryClient();
  const [repo, setRepo] = useState("");
  const [isPrivate, setPrivate] = useState(true);
  const [errors, setErrors] = useState<FieldErrors<PushField> & { form?: string }>({});
  const push = useMutation({
    mutationFn: (body: unknown) => postJson(`/api/export-runs/${exportRunId}/push`, body),
    onSuccess: (queued) => {
      queryClient.setQueryData<HubPushSummary[]>(pushesKey(exportRunId), (old) => [queued, ...(old ?? [])]);
      setRepo("");
    },
    onError: (error) => setErrors(serverErrorsWithForm(error, ["repo"] as const)),
  });
  const formId = `hub-push-${exportRunId}`;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = hubPushRequestSchema.safeParse({ repo, private: isPrivate });
    if (!parsed.success) {
      const { fields, other } = issuesByField(parsed.error.issues, ["repo"] as const);
      setErrors({ ...fields, form: other.join("; ") || undefined });
      return;
    }
    setErrors({});
    push.mutate(parsed.data);
  };
  return (
    <form aria-label={`Push export run ${exportRunId} to the Hub`} onSubmit={submit} noValidate className="flex max-w-xl flex-col gap-2">
      <Field
        id={`${formId}-repo`}
        label="Hub dataset"
        hint="namespace/name, e.g. my-org/cai-sft: made if missing. The files and dataset card go up with the studio's HF_TOKEN; manifest.json stays here."
        error={errors.repo}
      >
        <input {...controlProps(formId, "repo", errors.repo, true)} value={repo} onChange={(event) => setRepo(event.target.value)} className={`${INPUT} font-mono`} />
      </Field>
      <Checkbox id={`${formId}-private`} label="Private (when this push makes the dataset; an existing one keeps its visibility)" checked={isPrivate} onChange={setPrivate} />
      {errors.form && (
        <p role="alert" className="text-sm text-red-800">
          {errors.form}
        </p>
      )}
      <div>
        <Button type="submit" variant="secondary" disabled={push.isPending}>
          {push.isPending ? "Queuing…" : "Push to Hub"}
        </Button>
      </div>
    </form>
  );
}
