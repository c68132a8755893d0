import { formatDateTime } from "@/components/ui/format";
import { TextBlock } from "@/components/ui/text-block";
import type { MyAnswer } from "@/lib/server/review/item-view";
import { CHOICE_WORDS } from "./review-keys";

/** The reviewer's own answers on this pair, newest first; a replaced one stays, struck through. */
export function MyAnswers({ answers }: { answers: MyAnswer[] }) {
  if (answers.length === 0) return <p className="text-stone-600">You have not answered this pair yet.</p>;
  return (
    <ol aria-label="Your answers" className="space-y-1">
      {answers.map((answer) => (
        <li key={answer.id} className={answer.supersededAt ? "text-stone-500" : "text-stone-900"}>
          <span className={`font-medium ${answer.supersededAt ? "line-through" : ""}`}>{CHOICE_WORDS[answer.choice]}</span> · {formatDateTime(answer.createdAt)} ·{" "}
          {answer.sawAi ? "after seeing the AI's judgment" : "blind"}
          {answer.shownOrder === "BA" && " · shown B first"} · {answer.supersededAt ? `replaced ${formatDateTime(answer.supersededAt)}` : "current"}
          {answer.note && <TextBlock text={answer.note} className="text-stone-700" />}
        </li>
      ))}
    </ol>
  );
}
