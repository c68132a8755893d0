import Link from "next/link";
import { LabelledText } from "@/components/ui/text-block";
import type { ChainViewStep } from "@/lib/server/chains/queries";
import { LlmCalls } from "./llm-calls";

/** One critique-revision step: the principle it drew, what was asked, what the model answered. */
export function ChainStep({ step, runId }: { step: ChainViewStep; runId: number | null }) {
  const { principle } = step;
  const callIds = [step.critiqueCallId, step.revisionCallId].filter((id): id is number => id !== null);
  return (
    <li id={`step-${step.index}`} aria-labelledby={`step-${step.index}-title`} className="rounded-lg border border-stone-200 bg-white px-4 py-3">
      <h3 id={`step-${step.index}-title`} className="font-semibold text-stone-900">
        Step {step.index} · principle{" "}
        <Link href={`/constitutions/versions/${principle.versionId}#principle-${encodeURIComponent(principle.key)}`} className="font-mono">
          {principle.key}
        </Link>
        <span className="ml-2 text-sm font-normal text-stone-500">
          {principle.version.constitution.name} v{principle.version.version}
        </span>
      </h3>
      <div className="mt-2 space-y-3 border-l-4 border-blue-200 pl-4">
        <LabelledText label="Critique request" text={(principle.critiqueRequest ?? "").trim()} tone="muted" />
        <LabelledText label="Critique" text={step.critique.trim()} />
        <LabelledText label="Revision request" text={(principle.revisionRequest ?? "").trim()} tone="muted" />
        <LabelledText label={`Revision ${step.index}`} text={step.revision.text.trim()} />
      </div>
      {runId !== null && callIds.length > 0 && (
        <div className="mt-3">
          <LlmCalls runId={runId} callIds={callIds} label={`Model calls of step ${step.index}`} />
        </div>
      )}
    </li>
  );
}
