import Link from "next/link";
import { chartEntry } from "@/components/charts/catalogue";
import { ChartDataTable, ChartFrame } from "@/components/charts/chart-frame";
import { ChartFilters } from "@/components/charts/chart-filters";
import { SummariesAge } from "@/components/charts/summaries-age";
import { pmPointLink } from "@/components/charts/drilldown";
import { formatNumber } from "@/components/charts/format";
import { SCORE_SOURCE_CHOICES } from "@/components/charts/score-sources";
import { PmByRevisionChart } from "@/components/charts/pm-by-revision-chart";
import { ScoreActions } from "@/components/scores/score-actions";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { chartSearchParams, pmByRevisionQuerySchema } from "@/lib/schemas/charts";
import { requirePageUser } from "@/lib/server/auth/session";
import { chartOptions } from "@/lib/server/charts/options";
import { pmByRevision } from "@/lib/server/charts/pm-by-revision";

export const dynamic = "force-dynamic";
export const metadata = { title: "PM score by revision number" };

const SPLITS = [
  { value: "none", label: "No split" },
  { value: "principle", label: "By principle of the step" },
  { value: "run", label: "By SL-CAI run" },
  { value: "endpoint", label: "By endpoint" },
];

export default async function PmByRevisionPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requirePageUser("VIEWER");
  const parsed = pmByRevisionQuerySchema.safeParse(await searchParams);
  const query = parsed.success ? parsed.data : pmByRevisionQuerySchema.parse({});
  const [options, data] = await Promise.all([chartOptions(), pmByRevision(query)]);
  const entry = chartEntry("pm-by-revision");
  const scoreNames = [...new Set([query.score, ...options.scores.map((s) => s.name)])];
  // a point opens the scores it averages: the chain answers at its revision number in its series
  const series = data.series.map((s) => ({ ...s, points: s.points.map((p) => ({ ...p, href: pmPointLink(query, s.key, p.revision) })) }));
  const points = series.flatMap((s) => s.points.map((p) => ({ series: s.label, ...p })));
  const filters = (
    <ChartFilters
      options={options}
      dataset={query.dataset}
      run={query.run}
      runKinds={["SL_CAI"]}
      runLabel="SL-CAI run"
      anyRun="Any chains"
      extra={[
        { name: "score", label: "Score", value: query.score, choices: scoreNames.map((n) => ({ value: n, label: n })) },
        { name: "source", label: "Score source", value: query.source ?? "", choices: SCORE_SOURCE_CHOICES },
        { name: "split", label: "Lines", value: query.split, choices: SPLITS },
      ]}
    />
  );
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
      {filters}
      <SummariesAge summaries={data.summaries} />
      <ScoreActions datasetId={query.dataset} open={data.series.length === 0} />
      {data.series.length === 0 ? (
        <EmptyState title="No scored chains to chart">
          <p>
            This chart needs {query.score} scores ({query.source ? query.source.toLowerCase() : "any source"}) on the responses of critique-revision chains: import SL-CAI chains and their
            scores, or run SL-CAI and score its chains (reviewers: Add scores, above, starts a scoring run or fits Bradley-Terry to labels), then come back.
            {data.outsideChains.length > 0 && " Scores of responses outside any chain are below."}
          </p>
          <p>Check the filters above too: another dataset, run or score name may have data.</p>
        </EmptyState>
      ) : (
        <ChartFrame
          title={entry.title}
          fileName="pm-by-revision"
          caption={
            <>
              How to read it: each point is the mean {query.score} of the responses after that many revisions (0 is the chain&apos;s initial answer), the bars its 95% interval (Student-t). A
              line that rises means revisions raise the score, as in the paper&apos;s harmlessness figure; overlapping bars mean the difference may be noise. Click a point, or
              &quot;Show&quot;, to list the scored answers it averages, each with its chain.
            </>
          }
          notes={
            points.every((p) => p.n < 2)
              ? "Every revision has fewer than two scores, so no interval can be drawn: score more chains for error bars."
              : points.some((p) => p.n < 10)
                ? "Some revisions have fewer than ten scores: their intervals are wide and their means noisy."
                : undefined
          }
          table={{
            caption: `Mean ${query.score} by revision number`,
            columns: ["Series", "Revision", "n", "Mean", "95% low", "95% high", "SD"],
            rows: points.map((p) => [p.series, p.revision, p.n, formatNumber(p.mean), formatNumber(p.low), formatNumber(p.high), formatNumber(p.sd)]),
            links: points.map((p) => p.href),
          }}
        >
          <PmByRevisionChart series={series} scoreName={query.score} />
        </ChartFrame>
      )}
      {data.outsideChains.length > 0 && (
        <section className="mb-8 rounded-lg border border-stone-200 bg-white p-4" aria-labelledby="outside-chains">
          <h2 id="outside-chains" className="text-lg font-semibold">
            Scored responses in no chain
          </h2>
          <p className="text-sm text-stone-700">
            Responses with a {query.score} that are not a chain&apos;s initial answer or revision, such as the paper&apos;s RL samples: they have no revision number, so they are summed up
            here.
          </p>
          <ChartDataTable
            table={{
              caption: `Mean ${query.score} outside chains`,
              columns: ["Origin", "n", "Mean", "95% low", "95% high", "SD"],
              rows: data.outsideChains.map((o) => [o.origin.toLowerCase(), o.n, formatNumber(o.mean), formatNumber(o.low), formatNumber(o.high), formatNumber(o.sd)]),
              links: data.outsideChains.map(() => `/prompts?${chartSearchParams({ dataset: query.dataset })}`),
            }}
          />
        </section>
      )}
    </>
  );
}
