"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { ENDPOINT_KIND_LABELS, type EndpointView } from "@/lib/schemas/endpoints";
import { deleteEndpoint, testSavedEndpoint } from "./api";
import { TestResultView } from "./test-result";
import { formatDateTime } from "@/components/ui/format";
import { logprobSupport, LOGPROB_SUPPORT_TEXT } from "@/components/labels/endpoint-facts";
import { useRoleAtLeast } from "@/components/auth/session-user";

/** One endpoint: what it is, where its key comes from, whether it returns log-probs; Test, Edit, Delete. */
export function EndpointCard({ endpoint, onEdit }: { endpoint: EndpointView; onEdit: () => void }) {
  const titleId = useId();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["endpoints"] });
  const test = useMutation({ mutationFn: () => testSavedEndpoint(endpoint.id), onSuccess: refresh });
  const remove = useMutation({ mutationFn: () => deleteEndpoint(endpoint.id), onSuccess: refresh });
  const [confirming, setConfirming] = useState(false);
  const mayEdit = useRoleAtLeast("ADMIN");

  return (
    <article aria-labelledby={titleId} className="rounded-lg border border-stone-200 bg-white px-4 py-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id={titleId} className="flex items-center gap-2 text-base font-semibold">
          {endpoint.name}
          {endpoint.fromEnv && (
            <span title="Defined by CAI_ENDPOINTS in the server's environment; change it there." className="rounded bg-stone-200 px-1.5 py-0.5 text-xs font-medium text-stone-800">
              env · read-only
            </span>
          )}
        </h3>
        {mayEdit && (
          <div className="flex flex-wrap gap-2">
            <Button variant="secondary" onClick={() => test.mutate()} disabled={test.isPending} aria-label={`Test ${endpoint.name}`}>
              {test.isPending ? "Testing…" : "Test"}
            </Button>
            {!endpoint.fromEnv && (
              <>
                <Button variant="secondary" onClick={onEdit} aria-label={`Edit ${endpoint.name}`}>
                  Edit
                </Button>
                <Button variant="secondary" onClick={() => setConfirming(true)} aria-label={`Delete ${endpoint.name}`} disabled={confirming}>
                  Delete
                </Button>
              </>
            )}
          </div>
        )}
      </div>
      <dl className="mt-2 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-2 lg:grid-cols-3">
        <Item label="Kind">{ENDPOINT_KIND_LABELS[endpoint.kind]}</Item>
        <Item label="Model">
          <span className="font-mono">{endpoint.model}</span>
        </Item>
        <Item label="Base URL">
          <span className="font-mono break-all">{endpoint.baseUrl ?? "the provider's default"}</span>
        </Item>
        <Item label="Limits">{limits(endpoint)}</Item>
        <Item label="API key">{keyText(endpoint)}</Item>
        <Item label="Log-probs">{LOGPROB_SUPPORT_TEXT[logprobSupport({ ...endpoint, lastTestOk: endpoint.lastTest?.ok ?? null })]}</Item>
        <Item label="Last test">
          {endpoint.lastTest === null ? "never" : `${endpoint.lastTest.ok ? "passed" : "failed"}${endpoint.lastTest.at ? `, ${formatDateTime(endpoint.lastTest.at)}` : ""}`}
        </Item>
      </dl>
      {confirming && (
        <div role="alertdialog" aria-label={`Delete ${endpoint.name}?`} className="mt-3 flex flex-wrap items-center gap-2 rounded-md bg-stone-100 px-3 py-2">
          <span>Delete {endpoint.name}? Runs that used an endpoint keep it, so this works only for unused ones.</span>
          <Button onClick={() => remove.mutate()} disabled={remove.isPending}>
            Yes, delete
          </Button>
          <Button
            variant="secondary"
            onClick={() => {
              setConfirming(false);
              remove.reset();
            }}
          >
            Keep it
          </Button>
        </div>
      )}
      {remove.error && (
        <p role="alert" className="mt-2 rounded-md bg-red-50 px-3 py-2 text-red-900">
          {remove.error.message}
        </p>
      )}
      {test.error && (
        <p role="alert" className="mt-2 rounded-md bg-red-50 px-3 py-2 text-red-900">
          {test.error.message}
        </p>
      )}
      {test.data && (
        <div className="mt-3">
          <TestResultView result={test.data} label={`Test result for ${endpoint.name}`} />
        </div>
      )}
    </article>
  );
}

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex gap-2">
      <dt className="shrink-0 text-stone-500">{label}</dt>
      <dd className="min-w-0 text-stone-900">{children}</dd>
    </div>
  );
}

function limits(endpoint: EndpointView): string {
  const rpm = endpoint.requestsPerMinute ? `, ${endpoint.requestsPerMinute.toLocaleString("en-US")} per minute` : "";
  return `${endpoint.maxConcurrency} at once${rpm}`;
}

function keyText(endpoint: EndpointView): string {
  const key = endpoint.key;
  if (key.source === "stored") return "key stored";
  if (key.source === "env") return key.env ? `from $${key.env} (${key.isSet ? "set" : "not set"})` : "from the server's environment";
  return "none";
}
