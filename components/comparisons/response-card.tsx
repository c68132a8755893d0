import Link from "next/link";
import { ORIGIN_LABELS } from "@/components/ui/label-format";
import { ScoreList } from "@/components/prompts/score-list";
import { Conversation } from "@/components/prompts/conversation";
import { Section } from "@/components/ui/section";
import { TextBlock } from "@/components/ui/text-block";
import type { ResponseView } from "@/lib/server/comparisons/detail";
import type { Turn } from "@/lib/formats/records";

const RUN_KINDS: Record<string, string> = { SL_CAI: "SL-CAI run", SAMPLE: "sampling run", LABEL: "labeling run", SCORE: "scoring run" };

/** A pair as the comparison viewer and the adjudication page open it: the conversation, then both responses with their provenance. */
export function ConversationAndResponses({ turns, responses }: { turns: Turn[]; responses: Record<"A" | "B", ResponseView> }) {
  return (
    <>
      <Section title="Conversation" id="conversation">
        <div className="max-w-5xl">
          <Conversation turns={turns} />
        </div>
      </Section>
      <Section title="Responses side by side" id="responses">
        <div className="grid gap-4 md:grid-cols-2">
          <ResponseCard side="A" response={responses.A} />
          <ResponseCard side="B" response={responses.B} />
        </div>
      </Section>
    </>
  );
}

/** One side of the pair, with where it came from: origin, producer, chain step, run or import, scores. */
export function ResponseCard({ side, response }: { side: "A" | "B"; response: ResponseView }) {
  return (
    <section aria-label={`Response ${side}`} className="flex min-w-0 flex-col rounded-lg border border-stone-200 bg-white">
      <header className="border-b border-stone-100 px-4 py-2">
        <h3 className="font-semibold text-stone-900">
          Response {side} <span className="font-normal text-stone-500">#{response.id}</span>
        </h3>
        <ResponseProvenance response={response} />
      </header>
      <TextBlock text={response.text.trim()} className="px-4 py-3 text-stone-900" />
    </section>
  );
}

/** Where a response came from, and its scores: what a blind reviewer sees only after answering. */
export function ResponseProvenance({ response }: { response: ResponseView }) {
  const { chain } = response;
  return (
    <>
      <p className="text-sm text-stone-700">
        {chain ? (
          chain.step === 0 ? (
            <>
              initial response of <Link href={`/chains/${chain.id}`}>chain #{chain.id}</Link> ({chain.steps} {chain.steps === 1 ? "revision" : "revisions"})
            </>
          ) : (
            <>
              revision {chain.step} of {chain.steps} in <Link href={`/chains/${chain.id}`}>chain #{chain.id}</Link>
            </>
          )
        ) : (
          ORIGIN_LABELS[response.origin]
        )}
        {response.producer ? (
          <>
            {" "}
            · by <span className="font-mono">{response.producer}</span>
          </>
        ) : (
          " · producer not recorded"
        )}
        {response.run && (
          <>
            {" "}
            · from {RUN_KINDS[response.run.kind] ?? "run"} <Link href={`/runs/${response.run.id}`}>{response.run.name || `#${response.run.id}`}</Link>
          </>
        )}
        {response.import && (
          <>
            {" "}
            · imported from <Link href={`/imports/${response.import.id}`}>{response.import.fileName}</Link>
          </>
        )}
      </p>
      {response.scores.length > 0 && (
        <div className="mt-1">
          <ScoreList scores={response.scores} />
        </div>
      )}
    </>
  );
}
