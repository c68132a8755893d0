"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { postJson } from "@/components/ui/fetch-json";
import { buttonClass } from "@/components/ui/button";
import { RESOLUTION_WORDS } from "./adjudication-words";

type Resolution = keyof typeof RESOLUTION_WORDS;

/** The adjudicator's resolution: A, B or tie in the comparison's terms, with the reason it needs. */
export function ResolveForm({ queueId, comparisonId, current }: { queueId: number; comparisonId: number; current: Resolution | null }) {
  const id = useId();
  const router = useRouter();
  const [reason, setReason] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const resolve = useMutation({
    mutationFn: (choice: Resolution) => postJson(`/api/review/queues/${queueId}/adjudication`, { comparisonId, choice, reason }),
    onSuccess: () => {
      setReason("");
      router.refresh();
    },
    onError: (error) => setProblem(error.message),
  });
  const send = (choice: Resolution) => {
    setProblem(null);
    if (reason.trim() === "") {
      setProblem("A resolution needs a reason: say why this answer is right, then choose it.");
      return;
    }
    resolve.mutate(choice);
  };
  return (
    <section aria-label="Resolve this pair" className="rounded-lg border border-stone-300 bg-white px-4 py-3">
      <label htmlFor={`${id}-reason`} className="text-sm font-medium text-stone-900">
        Reason (needed)
      </label>
      <textarea
        id={`${id}-reason`}
        value={reason}
        onChange={(e) => {
          setReason(e.target.value);
          setProblem(null);
        }}
        rows={3}
        className="mt-1 block w-full max-w-2xl rounded-md border border-stone-300 bg-white px-3 py-2 text-stone-900"
      />
      <div role="group" aria-label="Resolutions" className="mt-2 flex flex-wrap gap-2">
        {(Object.keys(RESOLUTION_WORDS) as Resolution[]).map((choice) => (
          <button
            key={choice}
            type="button"
            onClick={() => send(choice)}
            disabled={resolve.isPending}
            aria-pressed={current === choice}
            className={`${buttonClass(current === choice ? "primary" : "secondary")} min-w-24`}
          >
            Resolve: {RESOLUTION_WORDS[choice]}
          </button>
        ))}
      </div>
      <p className="mt-2 text-sm text-stone-600">The resolution becomes the pair&apos;s human label in exports (label_source &quot;adjudicated&quot;); the reviewers&apos; answers stay.</p>
      {resolve.isPending && (
        <p role="status" className="mt-1 text-sm text-stone-700">
          Saving…
        </p>
      )}
      {problem && (
        <p role="alert" className="mt-2 rounded bg-red-50 px-3 py-2 text-red-900">
          {problem}
        </p>
      )}
    </section>
  );
}
