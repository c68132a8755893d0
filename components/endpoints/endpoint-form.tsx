"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { SCORE_FORMATS, type ScoreFormat } from "@/lib/llm/types";
import { createEndpointSchema, endpointDraftTestSchema, ENDPOINT_KIND_LABELS, ENDPOINT_KINDS, updateEndpointSchema, type EndpointKindName, type EndpointView } from "@/lib/schemas/endpoints";
import { saveEndpoint, testDraftEndpoint } from "./api";
import { Field, INPUT_CLASS } from "./field";
import { errorsFromIssues, errorsFromRefusal, type FormErrors } from "./field-errors";
import { EMPTY_FORM, formFromEndpoint, inputFromForm, type EndpointFormState } from "./form-state";
import { KeySourceFields } from "./key-source-fields";
import { TestResultView } from "./test-result";

const BASE_URL_EXAMPLES: Record<EndpointKindName, string> = {
  OPENAI_COMPATIBLE: "http://127.0.0.1:8000/v1 (vLLM), http://127.0.0.1:11434/v1 (Ollama); empty: api.openai.com",
  ANTHROPIC: "empty: https://api.anthropic.com",
  SCORER: "http://127.0.0.1:8000 (vLLM: /pooling and /v1/score are added), or the full URL of a JSON scorer",
};

/** Adds an endpoint, or edits one; checks the fields with the server's own schema before sending. */
export function EndpointForm({
  endpoint,
  secretKey,
  onSaved,
  onCancel,
}: {
  endpoint?: EndpointView;
  secretKey: "set" | "missing" | "invalid";
  onSaved: (saved: EndpointView) => void;
  onCancel: () => void;
}) {
  const [form, setForm] = useState<EndpointFormState>(() => (endpoint ? formFromEndpoint(endpoint) : EMPTY_FORM));
  const [errors, setErrors] = useState<FormErrors>({});
  const set = <K extends keyof EndpointFormState>(key: K, value: EndpointFormState[K]) => setForm((current) => ({ ...current, [key]: value }));
  const hasStoredKey = endpoint?.key.source === "stored";
  const anthropic = form.kind === "ANTHROPIC";

  const save = useMutation({
    mutationFn: (input: unknown) => saveEndpoint(endpoint?.id, input),
    onSuccess: onSaved,
    onError: (error) => setErrors(errorsFromRefusal(error)),
  });
  const test = useMutation({ mutationFn: testDraftEndpoint, onError: (error) => setErrors(errorsFromRefusal(error)) });

  const checked = (schema: typeof createEndpointSchema | typeof updateEndpointSchema | typeof endpointDraftTestSchema, extra: object = {}) => {
    const parsed = schema.safeParse({ ...inputFromForm(form), ...extra });
    setErrors(parsed.success ? {} : errorsFromIssues(parsed.error));
    return parsed.success ? parsed.data : undefined;
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input = checked(endpoint ? updateEndpointSchema : createEndpointSchema);
    if (input) save.mutate(input);
  };
  const runTest = () => {
    const input = checked(endpointDraftTestSchema, endpoint ? { id: endpoint.id } : {});
    if (input) test.mutate(input);
  };

  const busy = save.isPending || test.isPending;
  const numberField = (key: keyof EndpointFormState, label: string, hint?: string, extra: { disabled?: boolean } = {}) => (
    <Field label={label} hint={hint} error={errors[key]}>
      {(props) => <input {...props} inputMode="decimal" value={form[key]} onChange={(e) => set(key, e.target.value)} className={INPUT_CLASS} disabled={extra.disabled} />}
    </Field>
  );

  return (
    <form
      onSubmit={submit}
      aria-label={endpoint ? `Edit endpoint ${endpoint.name}` : "Add an endpoint"}
      className="max-w-3xl space-y-5 rounded-lg border border-stone-200 bg-white p-5"
      noValidate
    >
      <h2 className="text-lg font-semibold">{endpoint ? `Edit ${endpoint.name}` : "Add an endpoint"}</h2>
      <fieldset disabled={busy} className="grid gap-4 sm:grid-cols-2">
        <Field label="Kind" error={errors.kind}>
          {(props) => (
            <select {...props} value={form.kind} onChange={(e) => set("kind", e.target.value as EndpointKindName)} className={INPUT_CLASS}>
              {ENDPOINT_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {ENDPOINT_KIND_LABELS[kind]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Name" hint="How runs and charts name it, e.g. local-llama." error={errors.name}>
          {(props) => <input {...props} value={form.name} onChange={(e) => set("name", e.target.value)} className={INPUT_CLASS} autoComplete="off" />}
        </Field>
        <Field label="Base URL" hint={BASE_URL_EXAMPLES[form.kind]} error={errors.baseUrl}>
          {(props) => (
            <input
              {...props}
              value={form.baseUrl}
              onChange={(e) => set("baseUrl", e.target.value)}
              placeholder={anthropic ? "https://api.anthropic.com" : "http://127.0.0.1:8000/v1"}
              className={`${INPUT_CLASS} font-mono`}
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </Field>
        <Field label="Model" hint="As the server names it." error={errors.model}>
          {(props) => (
            <input
              {...props}
              value={form.model}
              onChange={(e) => set("model", e.target.value)}
              placeholder={anthropic ? "claude-sonnet-4-5" : "meta-llama/Llama-3.1-8B-Instruct"}
              className={`${INPUT_CLASS} font-mono`}
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </Field>
        {form.kind === "SCORER" && (
          <Field label="Score format" hint="How the scorer is spoken to: vLLM's reward models (/pooling), vLLM's /v1/score, or plain JSON." error={errors.scoreFormat}>
            {(props) => (
              <select {...props} value={form.scoreFormat} onChange={(e) => set("scoreFormat", e.target.value as ScoreFormat)} className={INPUT_CLASS}>
                {SCORE_FORMATS.map((format) => (
                  <option key={format} value={format}>
                    {format}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <KeySourceFields form={form} set={set} errors={errors} hasStoredKey={hasStoredKey} secretKey={secretKey} />
        {anthropic && (
          <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-950 sm:col-span-2">
            Anthropic&apos;s Messages API, in the version this studio speaks, accepts no temperature or top_p: it always samples at 1. Those fields stay empty.
          </p>
        )}
        {numberField("temperature", "Temperature", "0 to 2; empty: the server's default", { disabled: anthropic && !form.temperature })}
        {numberField("topP", "Top p", "above 0, at most 1; empty: the server's default", { disabled: anthropic && !form.topP })}
        {numberField("maxTokens", "Max tokens", "per reply; empty: the server's default")}
        {numberField("timeoutSeconds", "Timeout (seconds)", "per attempt; empty: 300")}
        <div className="sm:col-span-2">
          <Field
            label="Stop sequences"
            hint={
              <>
                One per line; write a line break inside one as <code>\n</code>, e.g. <code>\n\nHuman:</code>
              </>
            }
            error={errors.stop}
          >
            {(props) => <textarea {...props} rows={2} value={form.stop} onChange={(e) => set("stop", e.target.value)} className={`${INPUT_CLASS} font-mono`} spellCheck={false} />}
          </Field>
        </div>
        {numberField("maxConcurrency", "Max concurrency", "calls in flight at once, per worker")}
        {numberField("requestsPerMinute", "Requests per minute", "per worker; empty: no limit")}
      </fieldset>
      {errors.form && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-red-900">
          {errors.form}
        </p>
      )}
      {Object.keys(errors).length > 0 && !errors.form && (
        <p role="alert" className="text-sm font-medium text-red-800">
          Some fields need a fix: see the messages under them.
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={busy}>
          {save.isPending ? "Saving…" : endpoint ? "Save changes" : "Add endpoint"}
        </Button>
        <Button variant="secondary" onClick={runTest} disabled={busy}>
          {test.isPending ? "Testing…" : "Test without saving"}
        </Button>
        <Button variant="secondary" onClick={onCancel} disabled={save.isPending}>
          Cancel
        </Button>
      </div>
      {test.data && <TestResultView result={test.data} label="Test result" />}
    </form>
  );
}
