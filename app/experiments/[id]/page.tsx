import Link from "next/link";
import { notFound } from "next/navigation";
import { ForestPlot } from "@/components/experiments/forest-plot";
import { formatEstimate, PHASE_TONES } from "@/components/experiments/format";
import { ArmsTable, FailureModesTable, PairsTable, PrinciplesTable, RankingTable } from "@/components/experiments/report-sections";
import { PageHeader } from "@/components/ui/page-header";
import { Section } from "@/components/ui/section";
import { StatusBadge } from "@/components/ui/status-badge";
import { parseRouteId } from "@/lib/schemas/ids";
import { requirePageUser } from "@/lib/server/auth/session";
import { NotFoundError } from "@/lib/server/errors";
import { experimentReport } from "@/lib/server/experiments/report";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return { title: `Experiment ${(await params).id}` };
}

export default async function ExperimentReportPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageUser("VIEWER");
  const id = parseRouteId((await params).id);
  if (id === undefined) notFound();
  const report = await experimentReport(id).catch((error) => (error instanceof NotFoundError ? null : Promise.reject(error)));
  if (!report) notFound();
  const { experiment, counts } = report;
  const download = `/api/experiments/${experiment.id}/report`;
  const linkClass = "rounded-md border border-stone-300 bg-white px-3 py-1.5 text-sm font-medium text-stone-900 no-underline hover:bg-stone-50";
  return (
    <>
      <PageHeader
        title={experiment.name}
        description={
          <p className="text-sm">
            <Link href="/experiments">All experiments</Link> · dataset {experiment.dataset.name} · <StatusBadge tone={PHASE_TONES[experiment.phase]}>{experiment.phase}</StatusBadge>{" "}
            {experiment.message} · bootstrap seed {report.options.seed}, {report.options.resamples.toLocaleString("en-US")} resamples
          </p>
        }
        actions={
          <>
            <a className={linkClass} href={download} download>
              JSON
            </a>
            <a className={linkClass} href={`${download}?format=csv`} download>
              CSV
            </a>
          </>
        }
      />
      <div className="max-w-6xl">
        <Section title="Prompts and pairs" id="counts">
          <p className="text-sm text-stone-700 tabular-nums">
            {counts.prompts.value.toLocaleString("en-US")} prompts; <Link href={counts.pairs.href!}>{counts.pairs.value.toLocaleString("en-US")} pairs</Link> of arms&apos; answers,{" "}
            <Link href={counts.pairsJudged.href!}>{counts.pairsJudged.value.toLocaleString("en-US")} judged</Link>,{" "}
            <Link href={counts.pairsMissingVerdict.href!}>{counts.pairsMissingVerdict.value.toLocaleString("en-US")} without a verdict yet</Link>.
          </p>
        </Section>
        <Section title="Arms" id="arms">
          <ArmsTable report={report} />
        </Section>
        {report.pairs.length > 0 && (
          <Section title="Arm against arm" id="pairs">
            <p className="mb-3 max-w-3xl text-sm text-stone-700">
              Each pair is read from the later arm&apos;s side. The win rate counts ties as half; its interval is a seeded bootstrap over prompts and its p an exact sign test. At equal
              length: the judge&apos;s preference regressed on the log ratio of the answers&apos; lengths, read where they are equally long. Score delta: the later arm&apos;s score minus the
              other&apos;s, per prompt.
            </p>
            <PairsTable report={report} />
            <div className="mt-6">
              <ForestPlot report={report} />
            </div>
            {report.pairs.map((pair) =>
              pair.examples.length === 0 ? null : (
                <p key={`${pair.opponent.id}-${pair.arm.id}`} className="mt-2 text-sm text-stone-700">
                  Read side by side, {pair.arm.name} vs {pair.opponent.name}:{" "}
                  {pair.examples.map((example, i) => (
                    <span key={example.promptId}>
                      {i > 0 && ", "}
                      <Link href={example.href}>
                        prompt {example.promptId} (P {formatEstimate(example.pArm, 2)})
                      </Link>
                    </span>
                  ))}
                </p>
              ),
            )}
          </Section>
        )}
        {report.ranking && (
          <Section title="Ranking" id="ranking">
            <p className="mb-3 text-sm text-stone-700">Bradley-Terry strengths fitted to every pair&apos;s wins (ties half); the pairs&apos; sign tests are Holm-corrected above.</p>
            <RankingTable ranking={report.ranking} />
          </Section>
        )}
        <Section title="Critique principles" id="principles">
          <p className="mb-3 max-w-3xl text-sm text-stone-700">
            Inside each arm: the mean score change of a principle&apos;s revisions (t-interval) and how often its revision beat the answer before it (Wilson interval)
            {experiment.revisionsJudged ? "" : " — revisions were not judged in this experiment"}. A principle is flagged when its interval shows no change or a change for the worse.
          </p>
          <div className="space-y-4">
            {report.principles.map((arm) => (
              <div key={arm.armId}>
                <h3 className="mb-2 font-semibold text-stone-800">{arm.arm}</h3>
                {arm.principles.length > 0 ? <PrinciplesTable arm={arm} scoreName={experiment.scoreName} /> : <p className="text-sm text-stone-600">No revisions yet.</p>}
              </div>
            ))}
          </div>
        </Section>
        <Section title="Failure modes" id="failure-modes">
          <p className="mb-3 max-w-3xl text-sm text-stone-700">
            Over each arm&apos;s final answers: the share of evasive refusals, mean length, and the phrases whose share grows most in one arm against the others (counted in a seeded sample
            of each arm&apos;s answers).
          </p>
          <FailureModesTable failureModes={report.failureModes} />
        </Section>
      </div>
    </>
  );
}
