import Link from "next/link";
import { Judgment } from "@/components/comparisons/judgment";
import { ConversationAndResponses } from "@/components/comparisons/response-card";
import { formatDateTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { Section } from "@/components/ui/section";
import { TextBlock } from "@/components/ui/text-block";
import type { AdjudicationView } from "@/lib/server/review/adjudication";
import { RESOLUTION_WORDS } from "./adjudication-words";
import { ResolveForm } from "./resolve-form";
import { CHOICE_WORDS } from "./review-keys";

/**
 * One pair to adjudicate: the responses with where they came from, every reviewer's answer and
 * note (in the comparison's A/B terms, with the order each was shown and whether they had seen the
 * AI's judgment) beside the AI's judgment, the resolutions so far and the form for a new one.
 */
export function AdjudicationItem({ view }: { view: AdjudicationView }) {
  const { comparison, queue } = view;
  const current = view.resolutions.find((r) => r.supersededAt === null) ?? null;
  return (
    <>
      <PageHeader
        title={`Adjudicate: comparison #${comparison.id}`}
        description={
          <p className="text-sm">
            Queue <Link href={`/review/${queue.id}`}>{queue.name}</Link> · <Link href={`/review/${queue.id}/adjudication`}>items to adjudicate</Link> ·{" "}
            {view.reasons.length > 0 ? view.reasons.join("; ") : "no disagreement now"} · <Link href={`/comparisons/${comparison.id}`}>comparison viewer</Link>
          </p>
        }
      />
      <div className="max-w-7xl">
        <ConversationAndResponses turns={comparison.prompt.turns} responses={comparison.responses} />
        <Section title="People and the AI" id="answers">
          <div className="grid gap-4 lg:grid-cols-2">
            <section aria-label="Reviewers' answers" className="rounded-lg border border-stone-200 bg-white p-4">
              <h3 className="font-semibold text-stone-900">Reviewers&apos; answers</h3>
              <ul className="mt-2 space-y-2 text-sm">
                {view.answers.map((answer) => (
                  <li key={answer.id} className={answer.supersededAt ? "text-stone-500" : "text-stone-900"}>
                    <span className={`font-medium ${answer.supersededAt ? "line-through" : ""}`}>{CHOICE_WORDS[answer.choice as keyof typeof CHOICE_WORDS]}</span> · {answer.reviewer} ·{" "}
                    {answer.sawAi ? "after seeing the AI's judgment" : "blind"}
                    {answer.shownOrder && ` · shown ${answer.shownOrder === "AB" ? "A" : "B"} first`} · {formatDateTime(answer.createdAt)} · {answer.supersededAt ? "replaced" : "current"}
                    {answer.note && <TextBlock text={answer.note} className="text-stone-700" />}
                  </li>
                ))}
              </ul>
            </section>
            <div className="space-y-4">
              {comparison.judgments.length === 0 ? (
                <p className="text-stone-700">No AI labels on this pair.</p>
              ) : (
                comparison.judgments.map((judgment) => <Judgment key={judgment.run?.id ?? "none"} comparisonId={comparison.id} judgment={judgment} />)
              )}
            </div>
          </div>
        </Section>
        <Section title={current ? `Resolution: ${RESOLUTION_WORDS[current.choice]}` : "Resolution"} id="resolution">
          <div className="space-y-3">
            <ResolveForm queueId={queue.id} comparisonId={comparison.id} current={current?.choice ?? null} />
            {view.resolutions.length > 0 && (
              <ol aria-label="Resolutions" className="space-y-1 text-sm">
                {view.resolutions.map((r) => (
                  <li key={r.id} className={r.supersededAt ? "text-stone-500" : "text-stone-900"}>
                    <span className={`font-medium ${r.supersededAt ? "line-through" : ""}`}>{RESOLUTION_WORDS[r.choice]}</span> · {r.by ?? "someone"} · {formatDateTime(r.createdAt)} ·{" "}
                    {r.supersededAt ? "replaced" : "current"}
                    <TextBlock text={r.reason} className="text-stone-700" />
                  </li>
                ))}
              </ol>
            )}
          </div>
        </Section>
      </div>
    </>
  );
}
