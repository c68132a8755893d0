import Link from "next/link";
import { chartEntry } from "@/components/charts/catalogue";
import { ChartFrame } from "@/components/charts/chart-frame";
import { ChartFilters } from "@/components/charts/chart-filters";
import { SummariesAge } from "@/components/charts/summaries-age";
import { formatNumber, formatShare } from "@/components/charts/format";
import { EvasiveShareChart, PhraseGrowthChart } from "@/components/charts/goodhart-chart";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { chartSearchParams, goodhartQuerySchema } from "@/lib/schemas/charts";
import { requirePageUser } from "@/lib/server/auth/session";
import { goodhartSignals, MAX_RUNS } from "@/lib/server/charts/goodhart";
import { chartOptions } from "@/lib/server/charts/options";
import { formatCount } from "@/components/ui/format";

export const dynamic = "force-dynamic";
export const metadata = { title: "Goodhart and evasiveness signals" };

const SAMPLES = [100, 200, 400, 1000, 2000];

export default async function GoodhartPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requirePageUser("VIEWER");
  const parsed = goodhartQuerySchema.safeParse(await searchParams);
  const query = parsed.success ? parsed.data : goodhartQuerySchema.parse({});
  const [options, data] = await Promise.all([chartOptions(), goodhartSignals(query)]);
  const entry = chartEntry("goodhart");
  const byRun = query.by === "run";
  // the groups compared, in order: revision numbers, or runs in the order they were made
  const groups = byRun
    ? data.runs.map((r) => ({ label: r.name, heading: r.name, ...r }))
    : data.revisions.map((r) => ({ label: String(r.revision), heading: `Revision ${r.revision}`, ...r }));
  const sampled = groups.reduce((n, r) => n + r.sampled, 0);
  const total = groups.reduce((n, r) => n + r.responses, 0);
  const isSample = sampled < total;
  const phraseLink = (phrase: string) => `/charts/goodhart/responses?${chartSearchParams({ phrase, dataset: query.dataset, run: query.run })}`;
  const sampleNote = isSample
    ? byRun
      ? `A sample: ${formatCount(sampled)} of ${formatCount(total)} final answers read, up to ${formatCount(query.sample)} per run (those with the smallest hash of their id, the same on every visit). Shares are of the sample.`
      : `A sample: ${formatCount(sampled)} of ${formatCount(total)} chain responses read, up to ${formatCount(query.sample)} per revision number (those with the smallest hash of their id, the same on every visit). Shares are of the sample.`
    : undefined;
  const what = byRun ? "run" : "revision number";
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
        run={byRun ? undefined : query.run}
        runKinds={byRun ? [] : ["SL_CAI"]}
        runLabel="SL-CAI run"
        anyRun={byRun ? "All runs of the dataset" : "Any chains"}
        extra={[
          {
            name: "by",
            label: "Compare",
            value: query.by,
            choices: [
              { value: "revision", label: "Revision numbers" },
              { value: "run", label: "Runs, in the order made" },
            ],
          },
          {
            name: "sample",
            label: byRun ? "Texts read per run" : "Texts read per revision",
            value: String(query.sample),
            choices: [...new Set([...SAMPLES, query.sample])].sort((a, b) => a - b).map((n) => ({ value: String(n), label: formatCount(n) })),
          },
          { name: "maxN", label: "Longest phrase", value: String(query.maxN), choices: [2, 3, 4, 5, 6, 8].map((n) => ({ value: String(n), label: `${n} words` })) },
        ]}
      />
      <SummariesAge summaries={data.summaries} />
      {groups.length === 0 ? (
        byRun ? (
          <EmptyState title="No runs to compare">
            <p>
              Comparing runs reads the final answers of a dataset&apos;s SL-CAI runs and sampling runs: start one from the Runs page (two or more to see growth), then come back. Check the
              dataset above too.
            </p>
          </EmptyState>
        ) : (
          <EmptyState title="No chains to read">
            <p>These signals read the answers of critique-revision chains: import SL-CAI chains (the paper&apos;s or your own) or run SL-CAI, then come back. Check the filters above too.</p>
          </EmptyState>
        )
      ) : (
        <>
          <ChartFrame
            title={byRun ? "Phrases that spread across runs" : "Phrases that spread across revisions"}
            fileName="goodhart-phrases"
            caption={
              byRun ? (
                <>
                  How to read it: each line is the share of a run&apos;s final answers (a sampling run&apos;s samples, an SL-CAI run&apos;s last revision of each chain) holding a phrase of 2
                  to {query.maxN} words, runs in the order they were made (at most the latest {MAX_RUNS}). Phrases are ranked by how much that share grew from the first run to the last:
                  boilerplate that later runs keep adding rises to the top. The chart draws the top 8; the table lists 20.
                </>
              ) : (
                <>
                  How to read it: each line is the share of answers holding a phrase of 2 to {query.maxN} words, by the number of revisions (0 is the initial answer). Phrases are ranked by
                  how much that share grew from the initial answers to the last revision: boilerplate that revisions keep adding (like the paper&apos;s &quot;you are valid, valued, and cared
                  for&quot;) rises to the top. The chart draws the top 8; the table lists 20. Click a phrase to read the answers holding it.
                </>
              )
            }
            notes={
              [
                sampleNote,
                groups.length < 2 ? (byRun ? "Only one run: growth needs two or more." : "Only one revision number: growth needs at least the initial answers and one revision.") : undefined,
                data.phrases.length === 0 && groups.length > 1 ? "No phrase occurs in two or more answers yet." : undefined,
              ]
                .filter(Boolean)
                .join(" ") || undefined
            }
            table={{
              caption: `Phrases by growth of their share across ${byRun ? "runs" : "revisions"}`,
              columns: ["Phrase", "Words", ...groups.map((g) => g.heading), "Growth"],
              rows: data.phrases.map((p) => [p.phrase, p.n, ...p.shares.map((s) => formatShare(s)), formatNumber(p.growth)]),
              // the answers behind a phrase are listed for chains (revision numbers)
              ...(byRun ? {} : { links: data.phrases.map((p) => phraseLink(p.phrase)) }),
            }}
          >
            <PhraseGrowthChart data={data} />
          </ChartFrame>
          <ChartFrame
            title={`Evasive answers by ${what}`}
            fileName="goodhart-evasive"
            caption={`How to read it: the share of answers that refuse without a reason or an alternative ("I can't help with that."), by ${byRun ? "run, in the order made" : "the number of revisions"}. Harmless but evasive answers are the failure the paper's RL-CAI tries to avoid: a share that climbs with each revision means the critiques teach refusing rather than explaining. The test is conservative: any reason or offer clears an answer.`}
            notes={sampleNote ?? (sampled < 20 ? `Only ${sampled} answer${sampled === 1 ? "" : "s"} read: shares this small swing widely.` : undefined)}
            table={{
              caption: `Evasive answers per ${what}`,
              columns: [byRun ? "Run" : "Revision", "Responses", "Read", "Evasive", "Evasive share"],
              rows: groups.map((g) => [g.label, g.responses, g.sampled, g.evasive, formatShare(g.evasiveShare)]),
            }}
          >
            <EvasiveShareChart data={data} />
          </ChartFrame>
        </>
      )}
    </>
  );
}
