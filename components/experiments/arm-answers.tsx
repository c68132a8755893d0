import Link from "next/link";
import { DiffText } from "@/components/chains/diff-text";
import { formatCount } from "@/components/ui/format";
import type { ExperimentPromptView } from "@/lib/server/experiments/prompt";
import { wordDiff } from "@/lib/text/word-diff";

// One prompt's final answers of every arm side by side: the first arm's as written, each other arm's
// marked word by word against it (lib/text/word-diff.ts, which shows texts too long to align as one
// replacement). Model output is rendered as React text only, never as HTML.

export function ArmAnswers({ arms }: { arms: ExperimentPromptView["arms"] }) {
  const [first, ...others] = arms;
  return (
    <>
      {others.length > 0 && first && (
        <p className="text-sm text-stone-600">
          Each arm&apos;s answer is marked against {first.name}&apos;s:{" "}
          <del className="bg-red-50 text-red-900 decoration-red-800 decoration-2 line-through">words only {first.name} has are struck through</del>,{" "}
          <ins className="bg-green-50 text-green-950 underline decoration-green-800 decoration-2 underline-offset-2">words only the arm has are underlined</ins>.
        </p>
      )}
      <div className="mt-2 grid grid-cols-[repeat(auto-fit,minmax(18rem,1fr))] gap-px overflow-hidden rounded-lg border border-stone-200 bg-stone-200">
        {arms.map((arm) => {
          const diff = arm === first || first?.answer == null || arm.answer === null ? null : wordDiff(first.answer, arm.answer);
          return (
            <section key={arm.id} aria-label={`Arm ${arm.name}`} className="min-w-0 bg-white px-3 py-3">
              <h3 className="text-sm font-semibold text-stone-800">{arm.name}</h3>
              <p className="mb-1 text-xs text-stone-500">
                {arm.chainHref ? <Link href={arm.chainHref}>its chain</Link> : "no chain yet"}
                {arm.chainHref && ` · ${arm.revisions} revision${arm.revisions === 1 ? "" : "s"}`}
                {arm.runHref && (
                  <>
                    {" · "}
                    <Link href={arm.runHref}>its run</Link>
                  </>
                )}
                {diff && ` · vs ${first.name}: −${formatCount(diff.deletedWords)} +${formatCount(diff.insertedWords)} words${diff.coarse ? " (too long to align word by word)" : ""}`}
              </p>
              <div className="text-sm leading-relaxed break-words whitespace-pre-wrap text-stone-900">{diff ? <DiffText pieces={diff.pieces} /> : (arm.answer ?? "—")}</div>
            </section>
          );
        })}
      </div>
    </>
  );
}
