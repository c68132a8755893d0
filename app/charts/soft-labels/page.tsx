import Link from "next/link";
import { chartEntry } from "@/components/charts/catalogue";
import { ChartFrame } from "@/components/charts/chart-frame";
import { ChartFilters } from "@/components/charts/chart-filters";
import { pABinLink } from "@/components/charts/drilldown";
import { formatRange, formatShare } from "@/components/charts/format";
import { SoftLabelChart } from "@/components/charts/soft-label-chart";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { softLabelQuerySchema } from "@/lib/schemas/charts";
import { requirePageUser } from "@/lib/server/auth/session";
import { chartOptions } from "@/lib/server/charts/options";
import { softLabelHistogram } from "@/lib/server/charts/soft-labels";

export const dynamic = "force-dynamic";
export const metadata = { title: "Soft-label histogram" };

const MARGINS = ["0.1", "0.2", "0.3", "0.4"];

export default async function SoftLabelsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requirePageUser("VIEWER");
  const parsed = softLabelQuerySchema.safeParse(await searchParams);
  const query = parsed.success ? parsed.data : softLabelQuerySchema.parse({});
  const [options, data] = await Promise.all([chartOptions(), softLabelHistogram(query)]);
  const entry = chartEntry("soft-labels");
  // each bar opens the pairs whose verdict it counts: P(A) raw or as used in the bin's range
  const bins = data.bins.map((b) => ({
    ...b,
    rawHref: b.raw > 0 ? pABinLink(query, b, { pAOf: "raw" }) : undefined,
    usedHref: b.used > 0 ? pABinLink(query, b) : undefined,
  }));
  const margins = MARGINS.includes(String(query.margin)) ? MARGINS : [...MARGINS, String(query.margin)];
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
        extra={[{ name: "margin", label: "Confident when |P(A) − 0.5| ≥", value: String(query.margin), choices: margins.map((m) => ({ value: m, label: m })) }]}
      />
      {data.total === 0 ? (
        <EmptyState title="No AI labels to chart">
          <p>This chart needs a labeling run&apos;s verdicts: make pairs (Comparisons, New pairs) and label them (Runs, New labeling run), then pick the run above.</p>
        </EmptyState>
      ) : (
        <ChartFrame
          title={entry.title}
          fileName="soft-labels"
          caption={
            <>
              How to read it: bars count verdicts by their P(A) (the probability that response A is better), raw in blue and as used for training in orange. Chain-of-thought labels are
              clamped to 40–60%, so their orange bars pile up in the 0.4 and 0.6 bins. A pile near 0.5 means the feedback model could not tell the answers apart. Confident share:{" "}
              {formatShare(data.confidentShare.raw)} raw, {formatShare(data.confidentShare.used)} used (|P(A) − 0.5| ≥ {query.margin}). Click a bar, or a bin&apos;s links below, to list the
              pairs it counts{query.run === undefined ? " (pick a labeling run for exact counts: across runs, a pair judged by two runs is two verdicts but one row of the list)" : ""}.
            </>
          }
          notes={
            data.total < 20 ? `Only ${data.total} verdict${data.total === 1 ? "" : "s"}: the shape of the histogram says little yet. Label more pairs for a clearer picture.` : undefined
          }
          table={{
            caption: `${data.total} verdicts by P(A); ${data.chainOfThought} with chain of thought; confident share raw ${formatShare(data.confidentShare.raw)}, used ${formatShare(data.confidentShare.used)}`,
            columns: ["P(A)", "Raw", "Raw share", "Used", "Used share"],
            rows: data.bins.map((b) => [formatRange(b.low, b.high), b.raw, formatShare(b.rawShare), b.used, formatShare(b.usedShare)]),
            links: bins.map((b) => [...(b.rawHref ? [{ label: `Raw (${b.raw})`, href: b.rawHref }] : []), ...(b.usedHref ? [{ label: `Used (${b.used})`, href: b.usedHref }] : [])]),
          }}
        >
          <SoftLabelChart bins={bins} />
        </ChartFrame>
      )}
    </>
  );
}
