import Link from "next/link";
import { chartEntry } from "@/components/charts/catalogue";
import { ChartFrame, type ChartLink, type ChartTable } from "@/components/charts/chart-frame";
import { ChartFilters } from "@/components/charts/chart-filters";
import { SummariesAge } from "@/components/charts/summaries-age";
import { comparisonsLink, flipsLink, orderCellLink } from "@/components/charts/drilldown";
import { formatNumber, formatShare } from "@/components/charts/format";
import { FlipRateChart, OrderGridChart } from "@/components/charts/position-bias-chart";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { positionBiasQuerySchema, type PositionBiasGroup } from "@/lib/schemas/charts";
import { requirePageUser } from "@/lib/server/auth/session";
import { chartOptions } from "@/lib/server/charts/options";
import { positionBiasChart } from "@/lib/server/charts/position-bias";

export const dynamic = "force-dynamic";
export const metadata = { title: "Position bias" };

const COLUMNS = ["Group", "Pairs", "Mean P(A), A first", "Mean P(A), A second", "Mean P(first shown)", "First chosen", "Flip rate", "Flips to first", "Flips to second"];

function groupTable(caption: string, groups: PositionBiasGroup[], link: (group: PositionBiasGroup) => string | ChartLink[] | null): ChartTable {
  return {
    caption,
    columns: COLUMNS,
    rows: groups.map((g) => [
      g.label,
      g.pairs,
      formatNumber(g.meanPAOrder1),
      formatNumber(g.meanPAOrder2),
      formatNumber(g.meanFirst),
      formatShare(g.firstPreferredShare),
      formatNumber(g.flipRate),
      g.flipsToFirst,
      g.flipsToSecond,
    ]),
    links: groups.map((g) => (g.flipsToFirst + g.flipsToSecond > 0 ? link(g) : null)),
  };
}

export default async function PositionBiasPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requirePageUser("VIEWER");
  const parsed = positionBiasQuerySchema.safeParse(await searchParams);
  const query = parsed.success ? parsed.data : positionBiasQuerySchema.parse({});
  const [options, data] = await Promise.all([chartOptions(), positionBiasChart(query)]);
  const entry = chartEntry("position-bias");
  // the overall row opens every comparison with a flip, labelled with their number; a principle's or judge's row exactly the pairs it flipped on
  const flipped = data.overall.flippedComparisons;
  const flippedLink = () =>
    flipped > 0 ? [{ label: `${flipped} comparison${flipped === 1 ? "" : "s"}`, href: comparisonsLink({ dataset: query.dataset, run: query.run, flipped: true }) }] : null;
  const byPrinciple = data.byPrinciple.map((g) => ({ ...g, href: g.flipsToFirst + g.flipsToSecond > 0 ? flipsLink(query, "principle", g.key) : null }));
  const byEndpoint = data.byEndpoint.map((g) => ({ ...g, href: g.flipsToFirst + g.flipsToSecond > 0 ? flipsLink(query, "endpoint", g.key) : null }));
  const grid = data.grid.map((cell) => ({ ...cell, href: orderCellLink(query, cell, query.bins) }));
  const exact = query.run === undefined ? " Pick a labeling run for exact counts: across runs, a pair flipped by two runs is one row of the list." : "";
  const few =
    data.overall.pairs < 20
      ? `Only ${data.overall.pairs} pair${data.overall.pairs === 1 ? "" : "s"} judged in both orders: rates this small swing widely. Label more pairs (both orders) for a steadier estimate.`
      : undefined;
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
      <ChartFilters options={options} dataset={query.dataset} run={query.run} runKinds={["LABEL"]} runLabel="Labeling run" anyRun="Every labeling run" />
      <SummariesAge summaries={data.summaries} />
      {data.overall.pairs === 0 ? (
        <EmptyState title="No pairs judged in both orders">
          <p>
            Position bias needs a principle&apos;s labels of a pair in both orders (A first, then B first). Labeling runs ask both orders: start one from Runs, New labeling run, then pick it
            above.
          </p>
        </EmptyState>
      ) : (
        <>
          <ChartFrame
            title="P(A) in one order against the other"
            fileName="position-bias"
            caption={
              <>
                How to read it: each bubble counts pairs (one principle, one comparison) by the P(A) the model gave with A shown first (across) and with A shown second (up). An unbiased
                model puts them on the dashed diagonal. Bubbles in the lower right picked A only when it came first (position bias); in the upper left only when it came second. Overall the
                first-shown answer got {formatNumber(data.overall.meanFirst)} on average (0.5 is no bias) and {formatNumber(data.overall.flipRate)} of pairs flipped. Click a bubble to list
                its pairs (a comparison two principles put in one bubble is one row there). The overall row&apos;s link opens the {flipped} comparison{flipped === 1 ? "" : "s"} with a flip
                under any principle (a comparison two principles flipped on is two flips here, one comparison there).
              </>
            }
            notes={few}
            table={groupTable("Position bias over all pairs", [data.overall], flippedLink)}
          >
            <OrderGridChart grid={grid} bins={query.bins} />
          </ChartFrame>
          <ChartFrame
            title="Flip rate per principle"
            fileName="position-bias-principles"
            caption={`How to read it: the share of pairs whose verdict under that principle changed sides when the order swapped. A principle with a high flip rate reads the answers' order more than their content. Click a bar, or "Show", to list the pairs it flipped on.${exact}`}
            table={groupTable("Position bias per principle", byPrinciple, (g) => flipsLink(query, "principle", g.key))}
          >
            <FlipRateChart groups={byPrinciple} />
          </ChartFrame>
          <ChartFrame
            title="Flip rate per endpoint"
            fileName="position-bias-endpoints"
            caption={`How to read it: the same per feedback model (endpoint): which judge is steadier when the order swaps. Click a bar, or "Show", to list the pairs it flipped on.${exact}`}
            table={groupTable("Position bias per endpoint", byEndpoint, (g) => flipsLink(query, "endpoint", g.key))}
          >
            <FlipRateChart groups={byEndpoint} />
          </ChartFrame>
        </>
      )}
    </>
  );
}
