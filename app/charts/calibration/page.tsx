import Link from "next/link";
import { ReviewerPositionBiasTable } from "@/components/agreement/reviewer-position-bias";
import { CalibrationChart } from "@/components/charts/calibration-chart";
import { chartEntry } from "@/components/charts/catalogue";
import { ChartFrame } from "@/components/charts/chart-frame";
import { ChartFilters } from "@/components/charts/chart-filters";
import { HUMANS_FILTER, pABinLink } from "@/components/charts/drilldown";
import { formatNumber, formatRange } from "@/components/charts/format";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { calibrationQuerySchema } from "@/lib/schemas/charts";
import { requirePageUser } from "@/lib/server/auth/session";
import { reviewerPositionReport } from "@/lib/server/agreement/reviewer-position";
import { calibration } from "@/lib/server/charts/calibration";
import { chartOptions } from "@/lib/server/charts/options";

export const dynamic = "force-dynamic";
export const metadata = { title: "Calibration" };

const HUMANS = [
  { value: "ALL", label: "Reviewers and imported labels" },
  { value: "REVIEW", label: "The studio's reviewers" },
  { value: "IMPORTED", label: "Imported labels (e.g. hh-rlhf)" },
];

const pairsLabel = (pairs: number) => `${pairs} pair${pairs === 1 ? "" : "s"}`;

export default async function CalibrationPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requirePageUser("VIEWER");
  const parsed = calibrationQuerySchema.safeParse(await searchParams);
  const query = parsed.success ? parsed.data : calibrationQuerySchema.parse({});
  const [options, data, positions] = await Promise.all([chartOptions(), calibration(query), reviewerPositionReport(query.dataset)]);
  const entry = chartEntry("calibration");
  // a bin opens the pairs behind its answers: the verdict's P(A) in the bin, with an answer of those people
  const bins = data.bins.map((b) => ({ ...b, href: b.count > 0 ? pABinLink(query, b, { humans: HUMANS_FILTER[query.humans] }) : undefined }));
  return (
    <>
      <PageHeader
        title={entry.title}
        description={
          <>
            <Link href="/charts">Charts</Link> · {entry.summary}
          </>
        }
      />
      <ChartFilters
        options={options}
        dataset={query.dataset}
        run={query.run}
        runKinds={["LABEL"]}
        runLabel="Labeling run"
        anyRun="Every labeling run"
        extra={[{ name: "humans", label: "People", value: query.humans, choices: HUMANS }]}
      />
      {data.n === 0 ? (
        <EmptyState title="No AI labels with people's answers yet">
          <p>
            Calibration compares the AI&apos;s P(A) with people&apos;s answers on the same pairs: label pairs (Runs, New labeling run), then review some of them (
            <Link href="/review">Review</Link>), or import pairs that carry human labels (hh-rlhf) and label those.
          </p>
        </EmptyState>
      ) : (
        <ChartFrame
          title={entry.title}
          fileName="calibration"
          caption={
            <>
              How to read it: each dot is a bin of the AI&apos;s P(A); across, the bin&apos;s mean P(A), up, the share of people&apos;s answers that chose A (a tie counts half). Dots on the
              dashed diagonal are well calibrated; below it the AI is over-confident for A, above it under-confident. Bigger dots hold more answers. ECE {formatNumber(data.ece)} (0 is
              perfect), Brier {formatNumber(data.brier)} (0 is perfect, 0.25 a constant 0.5). Click a dot, or a bin&apos;s pairs link, to list the pairs behind it: the table counts each
              bin&apos;s answers and its pairs (a pair two people answered is two answers, one pair{query.run === undefined ? "; so is a pair two labeling runs judged into the bin" : ""});{" "}
              <Link href={`/agreement${query.dataset ? `?datasetId=${query.dataset}` : ""}`}>Agreement</Link> has accuracy and kappa.
            </>
          }
          notes={
            data.n < 30 ? `Only ${data.n} answer${data.n === 1 ? "" : "s"} to compare with: bins of a few answers swing widely. Review more pairs for a trustworthy diagram.` : undefined
          }
          table={{
            caption: `${data.n} answers (A ${data.answers.A}, B ${data.answers.B}, tie ${data.answers.TIE}); ECE ${formatNumber(data.ece)}; Brier ${formatNumber(data.brier)}`,
            columns: ["AI P(A) bin", "Answers", "Pairs", "Mean AI P(A)", "Share choosing A"],
            rows: data.bins.map((b) => [formatRange(b.low, b.high), b.count, b.pairs, formatNumber(b.meanPredicted), formatNumber(b.observed)]),
            links: bins.map((b) => (b.href ? [{ label: pairsLabel(b.pairs), href: b.href }] : null)),
          }}
        >
          <CalibrationChart bins={bins} />
        </ChartFrame>
      )}
      {/* people are the yardstick here: a reviewer who leans to one side of the screen bends it */}
      {query.humans !== "IMPORTED" && <ReviewerPositionBiasTable rows={positions} />}
    </>
  );
}
