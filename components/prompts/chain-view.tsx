import Link from "next/link";
import { LabelledText, TextBlock } from "@/components/ui/text-block";
import type { ChainDetail, ResponseDetail } from "@/lib/server/prompts/detail";
import { ScoreList } from "./score-list";

/** An SL-CAI chain read top to bottom: the initial answer, then each critique and revision. */
export function ChainView({ chain, responses }: { chain: ChainDetail; responses: Map<number, ResponseDetail> }) {
  const initial = responses.get(chain.initialResponseId);
  return (
    <article id={`chain-${chain.id}`} aria-labelledby={`chain-${chain.id}-title`} className="rounded-lg border border-stone-200 bg-white">
      <header className="border-b border-stone-100 px-4 py-3">
        <h3 id={`chain-${chain.id}-title`} className="font-semibold">
          Chain #{chain.id} · {chain.steps.length} {chain.steps.length === 1 ? "step" : "steps"}
        </h3>
        <p className="text-sm text-stone-600">
          {initial?.producer && <>produced by {initial.producer} · </>}
          {chain.runId !== null && (
            <>
              from <Link href={`/runs/${chain.runId}`}>run #{chain.runId}</Link> ·{" "}
            </>
          )}
          <Link href={`/chains/${chain.id}`}>Open chain #{chain.id} in the chain viewer</Link> (revisions side by side)
        </p>
      </header>
      <div className="space-y-4 px-4 py-3">
        <div>
          <h4 className="text-sm font-semibold text-stone-700">Initial response</h4>
          {initial ? <TextBlock text={initial.text.trim()} /> : <p className="text-stone-500">missing</p>}
          {initial && <ScoreList scores={initial.scores} />}
        </div>
        <ol className="space-y-4">
          {chain.steps.map((step) => {
            const revision = responses.get(step.revisionId);
            const { principle } = step;
            return (
              <li key={step.index} id={`chain-${chain.id}-step-${step.index}`} className="border-l-4 border-blue-200 pl-4">
                <h4 className="font-semibold">
                  Step {step.index} · principle <Link href={`/constitutions/versions/${principle.versionId}#principle-${encodeURIComponent(principle.key)}`}>{principle.key}</Link>
                  <span className="ml-2 text-sm font-normal text-stone-500">
                    {principle.version.constitution.name} v{principle.version.version}
                  </span>
                </h4>
                <div className="mt-2 space-y-3">
                  <LabelledText label="Critique request" text={(principle.critiqueRequest ?? "").trim()} tone="muted" />
                  <LabelledText label="Critique" text={step.critique.trim()} />
                  <LabelledText label="Revision request" text={(principle.revisionRequest ?? "").trim()} tone="muted" />
                  <div>
                    <LabelledText label={`Revision ${step.index}`} text={revision?.text.trim() ?? "missing"} />
                    {revision && <ScoreList scores={revision.scores} />}
                  </div>
                </div>
              </li>
            );
          })}
        </ol>
      </div>
    </article>
  );
}
