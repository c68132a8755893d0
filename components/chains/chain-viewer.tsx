import Link from "next/link";
import { Conversation } from "@/components/prompts/conversation";
import { RunStatusBadge } from "@/components/runs/run-status-badge";
import { PageHeader } from "@/components/ui/page-header";
import { Section } from "@/components/ui/section";
import { TextBlock } from "@/components/ui/text-block";
import type { ChainViewData } from "@/lib/server/chains/queries";
import { PrevNextNav } from "@/components/ui/prev-next-nav";
import { ChainStep } from "./chain-step";
import { LlmCalls } from "./llm-calls";
import { RevisionDiff } from "./revision-diff";
import { RevisionsSideBySide } from "./revisions-side-by-side";

/**
 * A chain: first the difference between two of its versions (initial against final unless the
 * reader picked others), then read top to bottom (prompt, initial answer, each step), then its
 * revisions side by side.
 */
export function ChainViewer({ chain, compare }: { chain: ChainViewData; compare: { from?: number; to?: number } }) {
  const { prompt, run, initialResponse } = chain;
  const missing = chain.plannedSteps - chain.steps.length;
  const versions = [{ index: 0, text: initialResponse.text.trim() }, ...chain.steps.map((step) => ({ index: step.index, text: step.revision.text.trim() }))];
  return (
    <>
      <PageHeader
        title={`Chain #${chain.id}`}
        description={
          <div className="space-y-2 text-sm">
            <p>
              <Link href={`/prompts/${prompt.id}`}>Prompt #{prompt.id}</Link> in dataset <Link href={`/prompts?dataset=${prompt.dataset.id}`}>{prompt.dataset.name}</Link>
              {run && (
                <>
                  {" "}
                  · from run <Link href={`/runs/${run.id}`}>{run.name || `#${run.id}`}</Link> <RunStatusBadge status={run.status} />
                </>
              )}
              {chain.import && (
                <>
                  {" "}
                  · imported from <Link href={`/imports/${chain.import.id}`}>{chain.import.fileName}</Link>
                </>
              )}
              {chain.constitutionVersion && (
                <>
                  {" "}
                  · constitution{" "}
                  <Link href={`/constitutions/versions/${chain.constitutionVersion.id}`}>
                    {chain.constitutionVersion.constitution.name} v{chain.constitutionVersion.version}
                  </Link>
                </>
              )}{" "}
              · {chain.steps.length} of {chain.plannedSteps} {chain.plannedSteps === 1 ? "step" : "steps"}
            </p>
            <PrevNextNav
              previousHref={chain.previousId === null ? null : `/chains/${chain.previousId}`}
              nextHref={chain.nextId === null ? null : `/chains/${chain.nextId}`}
              scope={run ? "chains of this run" : "imported chains of this dataset"}
              noun="chain"
            />
          </div>
        }
      />
      <div className="max-w-5xl">
        {chain.steps.length > 0 && (
          <Section title="Compare two versions" id="compare">
            <RevisionDiff versions={versions} from={compare.from ?? 0} to={compare.to ?? versions.at(-1)!.index} />
          </Section>
        )}
        <Section title="Prompt" id="prompt">
          <Conversation turns={prompt.turns} />
        </Section>
        <Section title="Initial response" id="initial">
          <div className="rounded-lg border border-stone-200 bg-white px-4 py-3">
            <TextBlock text={initialResponse.text.trim()} />
            <p className="mt-2 text-xs text-stone-500">
              {initialResponse.producer ? `by ${initialResponse.producer}` : "producer not recorded"}
              {initialResponse.origin === "IMPORTED" && " · came with the prompt"}
            </p>
            {run && initialResponse.llmCallId !== null && (
              <div className="mt-3">
                <LlmCalls runId={run.id} callIds={[initialResponse.llmCallId]} label="Model call of the initial response" />
              </div>
            )}
          </div>
        </Section>
        <Section title={`Critique-revision steps (${chain.steps.length})`} id="steps">
          {chain.steps.length === 0 ? (
            <p className="text-stone-600">No step is written yet.</p>
          ) : (
            <ol className="space-y-4" aria-label="Critique-revision steps">
              {chain.steps.map((step) => (
                <ChainStep key={step.index} step={step} runId={run?.id ?? null} />
              ))}
            </ol>
          )}
          {missing > 0 && (
            <p className="mt-3 text-sm text-stone-600">
              {missing} more {missing === 1 ? "step is" : "steps are"} planned
              {run && (run.status === "RUNNING" || run.status === "QUEUED") ? " and will appear when the workers write them (reload to see them)." : " but were not written."}
            </p>
          )}
        </Section>
      </div>
      {/* the full width of the page: N + 1 columns of text need it more than the reading column does */}
      {chain.steps.length > 0 && (
        <Section title="Revisions side by side" id="revisions">
          <RevisionsSideBySide initial={versions[0].text} revisions={versions.slice(1)} />
        </Section>
      )}
    </>
  );
}
