import Link from "next/link";
import { notFound } from "next/navigation";
import { DiffText } from "@/components/chains/diff-text";
import { formatEstimate } from "@/components/experiments/format";
import { Conversation } from "@/components/prompts/conversation";
import { formatCount } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { Section } from "@/components/ui/section";
import { Cell, Row, RowHeader, Table } from "@/components/ui/table";
import { parseRouteId } from "@/lib/schemas/ids";
import { requirePageUser } from "@/lib/server/auth/session";
import { experimentPrompt } from "@/lib/server/experiments/prompt";
import { wordDiff } from "@/lib/text/word-diff";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ id: string; promptId: string }> }) {
  const { id, promptId } = await params;
  return { title: `Experiment ${id}, prompt ${promptId}` };
}

// One prompt's final answers of every arm side by side: the first arm's as written, each other arm's
// marked word by word against it (lib/text/word-diff.ts, bounded for long texts). Model output is
// rendered as text only.
export default async function ExperimentPromptPage({ params }: { params: Promise<{ id: string; promptId: string }> }) {
  await requirePageUser("VIEWER");
  const raw = await params;
  const [id, promptId] = [parseRouteId(raw.id), parseRouteId(raw.promptId)];
  const view = id === undefined || promptId === undefined ? null : await experimentPrompt(id, promptId);
  if (!view) notFound();
  const [first, ...others] = view.arms;
  const nameOf = new Map(view.arms.map((arm) => [arm.id, arm.name]));
  return (
    <>
      <PageHeader
        title={`Prompt ${view.prompt.id}`}
        description={
          <p className="text-sm">
            <Link href={view.experiment.href}>{view.experiment.name}</Link> · <Link href={`/prompts/${view.prompt.id}`}>the prompt&apos;s page</Link>
          </p>
        }
      />
      <div className="max-w-6xl">
        <Section title="Prompt" id="prompt">
          <Conversation turns={view.prompt.turns} />
        </Section>
        <Section title="The judge's verdicts" id="verdicts">
          <Table caption="The judging run's verdict on each pair of arms" columns={[{ header: "Pair" }, { header: "P(later arm better)", className: "text-right" }, { header: "Verdict" }]}>
            {view.pairs.map((pair) => {
              const pLater = pair.pA === null ? null : 1 - pair.pA;
              const later = nameOf.get(pair.armY)!;
              const earlier = nameOf.get(pair.armX)!;
              return (
                <Row key={pair.comparisonId}>
                  <RowHeader>
                    <Link href={pair.comparisonHref}>
                      {later} vs {earlier}
                    </Link>
                  </RowHeader>
                  <Cell className="text-right tabular-nums">{formatEstimate(pLater)}</Cell>
                  <Cell>{pLater === null ? "not judged yet" : pLater > 0.5 ? `${later} better` : pLater < 0.5 ? `${earlier} better` : "a tie"}</Cell>
                </Row>
              );
            })}
          </Table>
        </Section>
        <Section title="Final answers side by side" id="answers">
          {others.length > 0 && first && (
            <p className="text-sm text-stone-600">
              Each arm&apos;s answer is marked against {first.name}&apos;s:{" "}
              <del className="bg-red-50 text-red-900 decoration-red-800 decoration-2 line-through">words only {first.name} has are struck through</del>,{" "}
              <ins className="bg-green-50 text-green-950 underline decoration-green-800 decoration-2 underline-offset-2">words only the arm has are underlined</ins>.
            </p>
          )}
          <div className="mt-2 grid grid-cols-[repeat(auto-fit,minmax(18rem,1fr))] gap-px overflow-hidden rounded-lg border border-stone-200 bg-stone-200">
            {view.arms.map((arm) => {
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
        </Section>
      </div>
    </>
  );
}
