import Link from "next/link";
import { chartEntry } from "@/components/charts/catalogue";
import { ChartFrame } from "@/components/charts/chart-frame";
import { ChartFilters } from "@/components/charts/chart-filters";
import { SummariesAge } from "@/components/charts/summaries-age";
import { flipsLink, principleRevisionsLink } from "@/components/charts/drilldown";
import { formatNumber } from "@/components/charts/format";
import { SCORE_SOURCE_CHOICES } from "@/components/charts/score-sources";
import { PrincipleFlipChart, ScoreChangeChart } from "@/components/charts/principle-chart";
import { ScoreActions } from "@/components/scores/score-actions";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { principleQuerySchema } from "@/lib/schemas/charts";
import { requirePageUser } from "@/lib/server/auth/session";
import { chartOptions } from "@/lib/server/charts/options";
import { principleAnalytics } from "@/lib/server/charts/principles";

export const dynamic = "force-dynamic";
export const metadata = { title: "Principle analytics" };

export default async function PrinciplesPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requirePageUser("VIEWER");
  const parsed = principleQuerySchema.safeParse(await searchParams);
  const query = parsed.success ? parsed.data : principleQuerySchema.parse({});
  const [options, data] = await Promise.all([chartOptions(), principleAnalytics(query)]);
  const entry = chartEntry("principles");
  const scoreNames = [...new Set([query.score, ...options.scores.map((s) => s.name)])];
  const labelRuns = options.runs.filter((r) => r.kind === "LABEL" && (query.dataset === undefined || r.datasetId === query.dataset));
  // a critique principle opens its scored revisions; a preference principle the pairs it flipped on
  const changeRows = data.changes.map((c) => ({ ...c, href: principleRevisionsLink(query, c.key) }));
  const flipRows = data.flips.map((f) => ({ ...f, href: f.flips > 0 ? flipsLink({ dataset: query.dataset, run: query.labelRun }, "principle", f.key) : null }));
  const changes = data.changes.reduce((n, c) => n + c.n, 0);
  const pairs = data.flips.reduce((n, f) => n + f.pairs, 0);
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
        runKinds={["SL_CAI"]}
        runLabel="SL-CAI run"
        anyRun="Any chains"
        extra={[
          {
            name: "labelRun",
            label: "Labeling run",
            value: query.labelRun ? String(query.labelRun) : "",
            choices: [{ value: "", label: "Every labeling run" }, ...labelRuns.map((r) => ({ value: String(r.id), label: r.name }))],
          },
          { name: "score", label: "Score", value: query.score, choices: scoreNames.map((n) => ({ value: n, label: n })) },
          { name: "source", label: "Score source", value: query.source ?? "", choices: SCORE_SOURCE_CHOICES },
        ]}
      />
      <SummariesAge summaries={data.summaries} />
      {data.changes.length === 0 && <ScoreActions datasetId={query.dataset} open />}
      {data.changes.length === 0 ? (
        <EmptyState title="No scored revisions to compare">
          <p>
            A principle&apos;s score change needs a {query.score} score on a revision and on the response it revised (the initial answer or the previous revision), from the same source.
            Import SL-CAI chains with their scores, or run SL-CAI and score every response of its chains, then come back. Check the filters above too.
          </p>
        </EmptyState>
      ) : (
        <ChartFrame
          title="Score change per critique principle"
          fileName="principle-score-change"
          caption={
            <>
              How to read it: each bar is the mean change in {query.score} a principle&apos;s revisions caused, the revision&apos;s score minus the score of the answer it revised (the
              initial answer for the first revision), with its 95% interval (Student-t). Right of 0 the principle&apos;s revisions raised the score; a bar whose interval crosses 0 may have
              done nothing. Click a bar, or &quot;Show&quot;, to list the revisions behind it, each with its chain.
            </>
          }
          notes={
            changes < 20
              ? `Only ${changes} scored revision${changes === 1 ? "" : "s"} with a scored predecessor: means this small swing widely. Score more chains for a steadier estimate.`
              : undefined
          }
          table={{
            caption: `Mean change in ${query.score} per critique principle`,
            columns: ["Principle", "n", "Mean change", "95% low", "95% high", "SD"],
            rows: data.changes.map((c) => [c.label, c.n, formatNumber(c.mean), formatNumber(c.low), formatNumber(c.high), formatNumber(c.sd)]),
            links: changeRows.map((c) => c.href),
          }}
        >
          <ScoreChangeChart changes={changeRows} scoreName={query.score} />
        </ChartFrame>
      )}
      {data.flips.length === 0 ? (
        <EmptyState title="No preference labels in both orders">
          <p>
            A preference principle&apos;s flip rate needs its labels of a pair in both orders (A first, then B first). Labeling runs ask both orders: start one from Runs, New labeling run,
            then pick it above.
          </p>
        </EmptyState>
      ) : (
        <ChartFrame
          title="Flip rate per preference principle"
          fileName="principle-flip-rate"
          caption={`How to read it: the share of pairs whose verdict under that principle picked a different answer when the order of the two answers swapped. A high flip rate means the principle's question reads the order more than the answers. Click a bar, or "Show", to list the pairs it flipped on.${query.labelRun === undefined ? " Pick a labeling run for exact counts: across runs, a pair flipped by two runs is one row of the list." : ""}`}
          notes={pairs < 20 ? `Only ${pairs} pair${pairs === 1 ? "" : "s"} judged in both orders: rates this small swing widely. Label more pairs for a steadier estimate.` : undefined}
          table={{
            caption: "Flip rate per preference principle",
            columns: ["Principle", "Pairs", "Flips", "Flip rate"],
            rows: data.flips.map((f) => [f.label, f.pairs, f.flips, formatNumber(f.flipRate)]),
            links: flipRows.map((f) => f.href),
          }}
        >
          <PrincipleFlipChart flips={flipRows} />
        </ChartFrame>
      )}
    </>
  );
}
