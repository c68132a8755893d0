"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { formatLogprob } from "@/components/ui/label-format";
import { fetchJson } from "@/components/ui/fetch-json";
import { formatCount, formatDateTime } from "@/components/ui/format";
import { TextBlock } from "@/components/ui/text-block";
import type { LabelCallView } from "@/lib/server/comparisons/calls";

/**
 * The exact prompt a label was read from, and the model calls behind it (the reasoning call and
 * the answer call), opened on demand: the calls are fetched only then. The reply and the top
 * log-probs where the answer letter was read are shown as the model returned them, as text.
 */
export function LabelCalls({ comparisonId, prompt, callIds, label }: { comparisonId: number; prompt: string; callIds: number[]; label: string }) {
  const [open, setOpen] = useState(false);
  const result = useQuery({
    queryKey: ["label-calls", comparisonId, callIds.join(",")],
    queryFn: () => fetchJson(`/api/comparisons/${comparisonId}/calls?ids=${callIds.join(",")}`),
    enabled: open && callIds.length > 0,
    staleTime: Infinity, // a stored call never changes
  });
  return (
    <details onToggle={(event) => setOpen(event.currentTarget.open)} className="rounded-md border border-stone-200 bg-stone-50">
      <summary className="cursor-pointer px-3 py-1.5 text-sm text-blue-800">{label}</summary>
      <div className="space-y-3 px-3 pb-3">
        <div>
          <h6 className="text-xs font-semibold tracking-wide text-stone-500 uppercase">Prompt the judge saw</h6>
          <TextBlock text={prompt} mono className="mt-1 max-h-96 overflow-y-auto rounded border border-stone-200 bg-white px-2 py-1" />
        </div>
        {callIds.length === 0 && <p className="text-sm text-stone-600">No model call is recorded for this label.</p>}
        {result.isPending && open && callIds.length > 0 && <p className="text-sm text-stone-600">Loading the calls…</p>}
        {result.isError && (
          <p role="alert" className="text-sm text-red-900">
            The calls could not be loaded: {result.error.message}
          </p>
        )}
        {result.data?.map((call) => (
          <CallView key={call.id} call={call} />
        ))}
        {result.data?.length === 0 && <p className="text-sm text-stone-600">These calls are not recorded any more.</p>}
      </div>
    </details>
  );
}

function CallView({ call }: { call: LabelCallView }) {
  const { messages, prompt: _prompt, ...params } = (call.request ?? {}) as { messages?: { role: string; content: string }[]; prompt?: string };
  const tokens = (n: number | null) => (n === null ? "?" : formatCount(n));
  return (
    <article aria-label={`Call ${call.callKey}`} className="rounded border border-stone-200 bg-white p-3 text-sm">
      <header className="flex flex-wrap gap-x-4 gap-y-1 text-stone-700">
        <span className="font-mono font-semibold text-stone-900">{call.callKey}</span>
        <span>
          model <span className="font-mono">{call.model}</span>
        </span>
        <span>finish reason {call.finishReason ?? "not given"}</span>
        <span className="tabular-nums">
          tokens {tokens(call.promptTokens)} in / {tokens(call.completionTokens)} out
        </span>
        <span className="tabular-nums">{formatCount(call.latencyMs)} ms</span>
        <span className="text-stone-500">{formatDateTime(call.createdAt)}</span>
      </header>
      {messages && (
        <>
          <h6 className="mt-3 text-xs font-semibold tracking-wide text-stone-500 uppercase">Messages sent</h6>
          <ol className="mt-1 space-y-1">
            {messages.map((message, index) => (
              <li key={index} className="rounded bg-stone-50 px-2 py-1">
                <span className="font-mono text-xs font-semibold text-stone-600">{message.role}</span>
                <TextBlock text={message.content} mono />
              </li>
            ))}
          </ol>
        </>
      )}
      {Object.keys(params).length > 0 && (
        <>
          <h6 className="mt-3 text-xs font-semibold tracking-wide text-stone-500 uppercase">Parameters</h6>
          <TextBlock text={JSON.stringify(params, null, 2)} mono className="mt-1 text-stone-700" />
        </>
      )}
      <h6 className="mt-3 text-xs font-semibold tracking-wide text-stone-500 uppercase">Reply</h6>
      <TextBlock text={call.reply} className="mt-1" />
      {call.answerPosition && (
        <>
          <h6 className="mt-3 text-xs font-semibold tracking-wide text-stone-500 uppercase">Top log-probs at the answer (token {call.answerPosition.index + 1})</h6>
          <table className="mt-1 text-sm">
            <caption className="sr-only">Top log-probs where the answer letter was read</caption>
            <thead className="text-left text-stone-600">
              <tr>
                <th scope="col" className="pr-4 font-medium">
                  Token
                </th>
                <th scope="col" className="pr-4 text-right font-medium">
                  Log-prob
                </th>
                <th scope="col" className="font-medium">
                  Read as
                </th>
              </tr>
            </thead>
            <tbody>
              {call.answerPosition.top.map((choice, index) => (
                <tr key={index}>
                  <td className="pr-4 font-mono whitespace-pre">{JSON.stringify(choice.token)}</td>
                  <td className="pr-4 text-right tabular-nums">{formatLogprob(choice.logprob)}</td>
                  <td>{choice.letter ? `letter ${choice.letter}` : <span className="text-stone-500">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </article>
  );
}
