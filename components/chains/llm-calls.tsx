"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { formatCount, formatDateTime } from "@/components/ui/format";
import { TextBlock } from "@/components/ui/text-block";
import { fetchJson } from "@/components/ui/fetch-json";
import type { LlmCallView } from "@/lib/server/runs/queries";

/**
 * The recorded model calls behind a step, fetched when the section is opened: a request holds the
 * whole conversation so far (and any few-shot examples), too much to send with every chain page
 * when most readers never open it. Everything shown is text, escaped by React.
 */
export function LlmCalls({ runId, callIds, label }: { runId: number; callIds: number[]; label: string }) {
  const [open, setOpen] = useState(false);
  const result = useQuery({
    queryKey: ["llm-calls", runId, callIds.join(",")],
    queryFn: () => fetchJson(`/api/runs/${runId}/calls?ids=${callIds.join(",")}`),
    enabled: open,
    staleTime: Infinity, // a stored call never changes
  });
  return (
    <details onToggle={(event) => setOpen(event.currentTarget.open)} className="rounded-md border border-stone-200 bg-stone-50">
      <summary className="cursor-pointer px-3 py-1.5 text-sm text-blue-800">
        {label} ({callIds.length})
      </summary>
      <div className="space-y-3 px-3 pb-3">
        {result.isPending && open && <p className="text-sm text-stone-600">Loading…</p>}
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

function CallView({ call }: { call: LlmCallView }) {
  const { messages, prompt, ...params } = (call.request ?? {}) as { messages?: { role: string; content: string }[]; prompt?: string };
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
      <h4 className="mt-3 text-xs font-semibold tracking-wide text-stone-500 uppercase">Request sent</h4>
      {messages ? (
        <ol className="mt-1 space-y-1">
          {messages.map((message, index) => (
            <li key={index} className="rounded bg-stone-50 px-2 py-1">
              <span className="font-mono text-xs font-semibold text-stone-600">{message.role}</span>
              <TextBlock text={message.content} mono />
            </li>
          ))}
        </ol>
      ) : (
        <TextBlock text={prompt ?? ""} mono className="mt-1 rounded bg-stone-50 px-2 py-1" />
      )}
      {Object.keys(params).length > 0 && <TextBlock text={JSON.stringify(params, null, 2)} mono className="mt-1 text-stone-700" />}
      <h4 className="mt-3 text-xs font-semibold tracking-wide text-stone-500 uppercase">Reply</h4>
      <TextBlock text={call.reply} className="mt-1" />
    </article>
  );
}
