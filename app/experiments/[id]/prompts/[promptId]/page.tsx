import Link from "next/link";
import { notFound } from "next/navigation";
import { ArmAnswers } from "@/components/experiments/arm-answers";
import { formatEstimate } from "@/components/experiments/format";
import { Conversation } from "@/components/prompts/conversation";
import { PageHeader } from "@/components/ui/page-header";
import { Section } from "@/components/ui/section";
import { Cell, Row, RowHeader, Table } from "@/components/ui/table";
import { parseRouteId } from "@/lib/schemas/ids";
import { requirePageUser } from "@/lib/server/auth/session";
import { experimentPrompt } from "@/lib/server/experiments/prompt";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ id: string; promptId: string }> }) {
  const { id, promptId } = await params;
  return { title: `Experiment ${id}, prompt ${promptId}` };
}

// One prompt of an experiment: the prompt, the judge's verdict on each pair of arms, and every
// arm's final answer side by side (components/experiments/arm-answers.tsx).
export default async function ExperimentPromptPage({ params }: { params: Promise<{ id: string; promptId: string }> }) {
  await requirePageUser("VIEWER");
  const raw = await params;
  const [id, promptId] = [parseRouteId(raw.id), parseRouteId(raw.promptId)];
  const view = id === undefined || promptId === undefined ? null : await experimentPrompt(id, promptId);
  if (!view) notFound();
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
          <ArmAnswers arms={view.arms} />
        </Section>
      </div>
    </>
  );
}
