import { LabelledText, TextBlock } from "@/components/ui/text-block";
import type { ConstitutionVersionDetail } from "@/lib/server/constitutions/queries";

type Principle = ConstitutionVersionDetail["principles"][number];

/** Critique-revision pairs (SL-CAI); each can be linked to as #principle-<key>. */
export function CritiqueRevisionPrinciples({ principles }: { principles: Principle[] }) {
  return (
    <ol className="space-y-3">
      {principles.map((principle) => (
        <li key={principle.id} id={`principle-${principle.key}`} className="rounded-lg border border-stone-200 bg-white px-4 py-3 target:border-blue-500 target:ring-2 target:ring-blue-200">
          <h3 className="font-mono font-semibold">{principle.key}</h3>
          <div className="mt-2 grid gap-3 md:grid-cols-2">
            <LabelledText label="Critique request" text={(principle.critiqueRequest ?? "").trim()} />
            <LabelledText label="Revision request" text={(principle.revisionRequest ?? "").trim()} />
          </div>
        </li>
      ))}
    </ol>
  );
}

/** Multiple-choice questions for the feedback model (RL-CAI); linked to as #preference-<key>. */
export function PreferencePrinciples({ principles }: { principles: Principle[] }) {
  return (
    <ol className="space-y-3">
      {principles.map((principle) => (
        <li key={principle.id} id={`preference-${principle.key}`} className="rounded-lg border border-stone-200 bg-white px-4 py-3 target:border-blue-500 target:ring-2 target:ring-blue-200">
          <h3 className="font-mono font-semibold">{principle.key}</h3>
          <TextBlock text={(principle.text ?? "").trim()} className="mt-1" />
        </li>
      ))}
    </ol>
  );
}
