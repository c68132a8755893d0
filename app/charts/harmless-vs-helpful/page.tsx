import Link from "next/link";
import { chartEntry } from "@/components/charts/catalogue";
import { ChartDataTable, ChartFrame } from "@/components/charts/chart-frame";
import { ChartFilters } from "@/components/charts/chart-filters";
import { SummariesAge } from "@/components/charts/summaries-age";
import { formatNumber } from "@/components/charts/format";
import { SCORE_SOURCE_CHOICES, scoreSourceName } from "@/components/charts/score-sources";
import { ScoreScatterChart } from "@/components/charts/score-scatter-chart";
import { ScoreActions } from "@/components/scores/score-actions";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { chartSearchParams, scoreScatterQuerySchema } from "@/lib/schemas/charts";
import { requirePageUser } from "@/lib/server/auth/session";
import { chartOptions } from "@/lib/server/charts/options";
import { MAX_POINTS, scoreScatter } from "@/lib/server/charts/score-scatter";
import { formatCount } from "@/components/ui/format";

export const dynamic = "force-dynamic";
export const metadata = { title: "Harmless vs helpful" };

export default async function ScoreScatterPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requirePageUser("VIEWER");
  const parsed = scoreScatterQuerySchema.safeParse(await searchParams);
  const query = parsed.success ? parsed.data : scoreScatterQuerySchema.parse({});
  const [options, data] = await Promise.all([chartOptions(), scoreScatter(query)]);
  const entry = chartEntry("harmless-vs-helpful");
  const names = [...new Set([query.x, query.y, ...options.scores.map((s) => s.name)])];
  const axis = (name: string, source: string | undefined, elo: boolean) => `${name}${source ? ` (${scoreSourceName(source)})` : ""}${elo ? ", Elo scale" : ""}`;
  const xLabel = axis(query.x, query.xSource, data.elo.x);
  const yLabel = axis(query.y, query.ySource, data.elo.y);
  const columns = ["Response", query.x, query.y, ...(data.elo.x ? [`${query.x} (Elo)`] : []), ...(data.elo.y ? [`${query.y} (Elo)`] : [])];
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
        runKinds={["SL_CAI", "SAMPLE", "SCORE"]}
        runLabel="Run that made the responses"
        anyRun="Any responses"
        extra={[
          { name: "x", label: "Score across", value: query.x, choices: names.map((n) => ({ value: n, label: n })) },
          { name: "xSource", label: "Its source", value: query.xSource ?? "", choices: SCORE_SOURCE_CHOICES },
          { name: "y", label: "Score up", value: query.y, choices: names.map((n) => ({ value: n, label: n })) },
          { name: "ySource", label: "Its source", value: query.ySource ?? "", choices: SCORE_SOURCE_CHOICES },
        ]}
      />
      <SummariesAge summaries={data.summaries} />
      <ScoreActions datasetId={query.dataset} open={data.pairs === 0} />
      {data.pairs === 0 ? (
        <EmptyState title="No response has both scores">
          <p>
            This chart needs responses scored twice: {query.x}
            {query.xSource ? ` (${query.xSource.toLowerCase()})` : ""} and {query.y}
            {query.ySource ? ` (${query.ySource.toLowerCase()})` : ""}. Pick two score names stored for the same responses above (the pickers list every name stored), import scores of a
            second kind, score the responses with a second scoring endpoint, or fit Bradley-Terry to a labeling run.
          </p>
        </EmptyState>
      ) : (
        <>
          <ChartFrame
            title={`${query.x} against ${query.y}`}
            fileName="harmless-vs-helpful"
            caption={
              <>
                How to read it: one point per response scored both ways, {xLabel} across and {yLabel} up. Points rising to the right mean the two scores agree; a cloud falling to the right
                is the trade-off the paper measures, answers made more harmless at the cost of helpfulness (evasive ones sit low).{" "}
                {data.elo.x || data.elo.y ? "Bradley-Terry strengths are drawn on the Elo scale, 1500 + 400 log10(strength): 400 points apart is 10 to 1 odds. " : ""}&quot;Show&quot; opens
                the response&apos;s prompt.
              </>
            }
            notes={
              [
                data.pairs > data.points.length
                  ? `A sample: ${formatCount(data.points.length)} of ${formatCount(data.pairs)} responses drawn (at most ${formatCount(MAX_POINTS)}, those with the smallest hash of their id); the summary counts all of them.`
                  : undefined,
                data.pairs < 10 ? `Only ${data.pairs} response${data.pairs === 1 ? "" : "s"} scored both ways: too few to read a trend. Score more responses with both.` : undefined,
              ]
                .filter(Boolean)
                .join(" ") || undefined
            }
            table={{
              caption: `Responses by ${query.x} and ${query.y}`,
              columns,
              rows: data.points.map((p) => [
                p.responseId,
                formatNumber(p.x),
                formatNumber(p.y),
                ...(data.elo.x ? [formatNumber(p.xElo, 0)] : []),
                ...(data.elo.y ? [formatNumber(p.yElo, 0)] : []),
              ]),
              links: data.points.map((p) => `/prompts/${p.promptId}`),
            }}
          >
            <ScoreScatterChart data={data} xLabel={xLabel} yLabel={yLabel} />
          </ChartFrame>
          <section className="mb-8 rounded-lg border border-stone-200 bg-white p-4" aria-labelledby="scatter-summary">
            <h2 id="scatter-summary" className="text-lg font-semibold">
              Over every response scored both ways
            </h2>
            <ChartDataTable
              table={{
                caption: "Summary of the two scores",
                columns: ["Responses", `Mean ${query.x}`, `Mean ${query.y}`, "Pearson r"],
                rows: [[data.pairs, formatNumber(data.meanX), formatNumber(data.meanY), formatNumber(data.correlation)]],
                links: [`/prompts?${chartSearchParams({ dataset: query.dataset })}`],
              }}
            />
          </section>
        </>
      )}
    </>
  );
}
