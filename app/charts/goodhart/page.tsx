import Link from "next/link";
import { chartEntry } from "@/components/charts/catalogue";
import { ChartFrame } from "@/components/charts/chart-frame";
import { ChartFilters } from "@/components/charts/chart-filters";
import { formatNumber, formatShare } from "@/components/charts/format";
import { EvasiveShareChart, PhraseGrowthChart } from "@/components/charts/goodhart-chart";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { chartSearchParams, goodhartQuerySchema } from "@/lib/schemas/charts";
import { requirePageUser } from "@/lib/server/auth/session";
import { goodhartSignals } from "@/lib/server/charts/goodhart";
import { chartOptions } from "@/lib/server/charts/options";

export const dynamic = "force-dynamic";
export const metadata = { title: "Goodhart and evasiveness signals" };

const SAMPLES = [100, 200, 400, 1000, 2000];

export default async function GoodhartPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requirePageUser("VIEWER");
  const parsed = goodhartQuerySchema.safeParse(await searchParams);
  const query = parsed.success ? parsed.data : goodhartQuerySchema.parse({});
  const [options, data] = await Promise.all([chartOptions(), goodhartSignals(query)]);
  const entry = chartEntry("goodhart");
  const sampled = data.revisions.reduce((n, r) => n + r.sampled, 0);
  const total = data.revisions.reduce((n, r) => n + r.responses, 0);
  const isSample = sampled < total;
  const phraseLink = (phrase: string) => `/charts/goodhart/responses?${chartSearchParams({ phrase, dataset: query.dataset, run: query.run })}`;
  const sampleNote = isSample
    ? `A sample: ${sampled.toLocaleString("en")} of ${total.toLocaleString("en")} chain responses read, up to ${query.sample.toLocaleString("en")} per revision number (those with the smallest hash of their id, the same on every visit). Shares are of the sample.`
    : undefined;
  return (
    <>
      <PageHeader title={entry.title} description={<><Link href="/charts">Charts</Link> · {entry.summary}</>} />
      <ChartFilters
        options={options} dataset={query.dataset} run={query.run} runKinds={["SL_CAI"]} runLabel="SL-CAI run" anyRun="Any chains"
        extra={[
          { name: "sample", label: "Texts read per revision", value: String(query.sample), choices: [...new Set([...SAMPLES, query.sample])].sort((a, b) => a - b).map((n) => ({ value: String(n), label: n.toLocaleString("en") })) },
          { name: "maxN", label: "Longest phrase", value: String(query.maxN), choices: [2, 3, 4, 5, 6, 8].map((n) => ({ value: String(n), label: `${n} words` })) },
        ]}
      />
      {data.revisions.length === 0 ? (
        <EmptyState title="No chains to read">
          <p>These signals read the answers of critique-revision chains: import SL-CAI chains (the paper&apos;s or your own) or run SL-CAI, then come back. Check the filters above too.</p>
        </EmptyState>
      ) : (
        <>
          <ChartFrame
            title="Phrases that spread across revisions"
            fileName="goodhart-phrases"
            caption={
              <>
                How to read it: each line is the share of answers holding a phrase of 2 to {query.maxN} words, by the number of revisions (0 is the initial answer). Phrases are ranked by how much that share grew from the initial answers to the last revision: boilerplate that revisions keep adding (like the paper&apos;s &quot;you are valid, valued, and cared for&quot;) rises to the top. The chart draws the top 8; the table lists 20. Click a phrase to read the answers holding it.
              </>
            }
            notes={[sampleNote, data.revisions.length < 2 ? "Only one revision number: growth needs at least the initial answers and one revision." : undefined, data.phrases.length === 0 && data.revisions.length > 1 ? "No phrase occurs in two or more answers yet." : undefined].filter(Boolean).join(" ") || undefined}
            table={{
              caption: "Phrases by growth of their share across revisions",
              columns: ["Phrase", "Words", ...data.revisions.map((r) => `Revision ${r.revision}`), "Growth"],
              rows: data.phrases.map((p) => [p.phrase, p.n, ...p.shares.map((s) => formatShare(s)), formatNumber(p.growth)]),
              links: data.phrases.map((p) => phraseLink(p.phrase)),
            }}
          >
            <PhraseGrowthChart data={data} />
          </ChartFrame>
          <ChartFrame
            title="Evasive answers by revision number"
            fileName="goodhart-evasive"
            caption="How to read it: the share of answers that refuse without a reason or an alternative (&quot;I can't help with that.&quot;), by the number of revisions. Harmless but evasive answers are the failure the paper's RL-CAI tries to avoid: a share that climbs with each revision means the critiques teach refusing rather than explaining. The test is conservative: any reason or offer clears an answer."
            notes={sampleNote ?? (sampled < 20 ? `Only ${sampled} answer${sampled === 1 ? "" : "s"} read: shares this small swing widely.` : undefined)}
            table={{
              caption: "Evasive answers per revision number",
              columns: ["Revision", "Responses", "Read", "Evasive", "Evasive share"],
              rows: data.revisions.map((r) => [r.revision, r.responses, r.sampled, r.evasive, formatShare(r.evasiveShare)]),
            }}
          >
            <EvasiveShareChart revisions={data.revisions} />
          </ChartFrame>
        </>
      )}
    </>
  );
}
