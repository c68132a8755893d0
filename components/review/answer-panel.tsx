"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { postJson } from "@/components/ui/fetch-json";
import { buttonClass } from "@/components/ui/button";
import type { ShownOrder } from "@/lib/cai/review-sides";
import type { HumanChoice } from "@/lib/schemas/review";
import { answerButtons, keyPress, keysHint, reviewKeyAction, shownChoice } from "./review-keys";

/**
 * The answer buttons, their keys (1 the response shown first, 2 the second, 3 tie, s skip, f flag)
 * and the note. The choice goes to the server in the comparison's A/B terms; whether it was given
 * blind is the server's record, `sawAi` here only says which. An answer moves on to the next item
 * of the list; on the last one the page is read again, which shows the answer and (in a blind
 * queue) the AI's judgment.
 */
export function AnswerPanel({
  queueId,
  comparisonId,
  walk,
  sawAi,
  current,
  order,
  randomised,
}: {
  queueId: number;
  comparisonId: number;
  walk: string;
  sawAi: boolean;
  current: HumanChoice | null;
  order: ShownOrder;
  randomised: boolean;
}) {
  const buttons = answerButtons(order, randomised);
  const id = useId();
  const router = useRouter();
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const [note, setNote] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  // the keys work once the page's script runs: say so only then
  const [keysReady, setKeysReady] = useState(false);
  // eslint-disable-next-line react-hooks/set-state-in-effect -- true only once the page script runs
  useEffect(() => setKeysReady(true), []);
  const itemHref = (itemId: number) => `/review/${queueId}/${itemId}${walk ? `?${walk}` : ""}`;

  const answer = useMutation({
    mutationFn: (choice: HumanChoice) => postJson(`/api/review/queues/${queueId}/answers${walk ? `?${walk}` : ""}`, { comparisonId, choice, note }),
    onSuccess: ({ nextId }) => {
      setNote("");
      if (nextId !== null) router.push(itemHref(nextId));
      else router.refresh();
    },
    onError: (error) => setProblem(error.message),
  });

  const send = (choice: HumanChoice) => {
    if (answer.isPending) return;
    setProblem(null);
    if (choice === "FLAG" && note.trim() === "") {
      setProblem("A flag needs a note: say what is wrong with the pair, then press Flag.");
      noteRef.current?.focus();
      return;
    }
    answer.mutate(choice);
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const action = reviewKeyAction(keyPress(event));
      if (action?.kind === "answer") {
        event.preventDefault();
        send(shownChoice(action.choice, order));
      } else if (action?.kind === "flag") {
        // the key is not typed into the note it focuses
        event.preventDefault();
        setProblem(note.trim() === "" ? "Write what is wrong with the pair, then press Flag." : null);
        noteRef.current?.focus();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  return (
    <section aria-label="Answer this pair" className="rounded-lg border border-stone-300 bg-white px-4 py-3">
      <h2 className="font-semibold text-stone-900">Which response is better?</h2>
      <div role="group" aria-label="Answers" className="mt-2 flex flex-wrap gap-2">
        {buttons.map((button) => (
          <button
            key={button.choice}
            type="button"
            onClick={() => send(button.choice)}
            disabled={answer.isPending}
            aria-pressed={current === button.choice}
            aria-keyshortcuts={button.key}
            className={`${buttonClass(current === button.choice ? "primary" : "secondary")} min-w-24`}
          >
            {button.label} ({button.key})
          </button>
        ))}
      </div>
      <div className="mt-3">
        <label htmlFor={`${id}-note`} className="text-sm font-medium text-stone-900">
          Note (needed for a flag)
        </label>
        <textarea
          id={`${id}-note`}
          ref={noteRef}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          rows={2}
          className="mt-1 block w-full max-w-2xl rounded-md border border-stone-300 bg-white px-3 py-2 text-stone-900"
        />
      </div>
      <p className="mt-2 text-sm text-stone-600">
        {keysReady && `${keysHint(randomised)} `}
        {sawAi ? "Your answer is recorded as given after seeing the AI's judgment." : "Your answer is recorded as blind."}
      </p>
      {answer.isPending && (
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
