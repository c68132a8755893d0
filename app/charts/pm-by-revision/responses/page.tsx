import Link from "next/link";
import { formatNumber } from "@/components/charts/format";
import { scoreSourceName } from "@/components/charts/score-sources";
import { LinkButton } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { chartSearchParams } from "@/lib/schemas/charts";
import { requirePageUser } from "@/lib/server/auth/session";
import { chainScores, chainScoresQuerySchema, type ChainScoresQuery } from "@/lib/server/scores/chain-scores";
import { formatCount } from "@/components/ui/format";

export const dynamic = "force-dynamic";
export const metadata = { title: "Scores behind a point" };

// The chain answers behind one point of the PM-by-revision chart, one row per score (the chart's n),
// each linked to its chain; answers are model output, shown as text.

export default async function ChainScoresPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requirePageUser("VIEWER");
  const parsed = chainScoresQuerySchema.safeParse(await searchParams);
  if (!parsed.success) {
    return (
      <>
        <PageHeader
          title="Scores behind a point"
          description={
            <>
              <Link href="/charts">Charts</Link> · <Link href="/charts/pm-by-revision">PM score by revision number</Link>
            </>
          }
        />
        <EmptyState title="No point chosen">
          <p>Open this page from a point of the PM-by-revision chart, or its table&apos;s &quot;Show&quot; link.</p>
        </EmptyState>
      </>
    );
  }
  const data = await chainScores(parsed.data);
  const { query } = data;
  const chart = `/charts/pm-by-revision?${chartSearchParams({ dataset: query.dataset, run: query.run, score: query.score, source: query.source, split: query.split === "none" ? undefined : query.split })}`;
  const here = (before?: string) => `/charts/pm-by-revision/responses?${chartSearchParams({ ...linkable(query), before })}`;
  const where =
    query.revision === undefined ? "revisions" : query.revision === 0 ? "initial answers (revision 0)" : `answers after ${query.revision} revision${query.revision === 1 ? "" : "s"}`;
  return (
    <>
      <PageHeader
        title={`${query.score} of ${where}`}
        description={
          <>
            <Link href="/charts">Charts</Link> · <Link href={chart}>PM score by revision number</Link> · every {query.score} score
            {query.source ? ` (${scoreSourceName(query.source)})` : ""} behind the point{groupWords(query, data.rows[0]?.principle)}
            {query.scoredBefore ? ", on revisions whose revised answer is scored too (the principle chart's changes)" : ""}, newest chain first.
          </>
        }
      />
      <p role="status" className="mb-3 text-sm text-stone-700">
        {data.total === undefined ? (
          <>
            {data.rows.length} scores on this page; the <Link href={here()}>first page</Link> says how many there are.
          </>
        ) : (
          <>
            <span data-testid="chain-score-total">
              {formatCount(data.total)} score{data.total === 1 ? "" : "s"}
            </span>
            {data.total > data.rows.length ? `; ${data.rows.length} on this page.` : "."}
          </>
        )}
      </p>
      {data.rows.length === 0 ? (
        <EmptyState title="No scores behind this point">
          <p>Nothing matches: the chart&apos;s filters may have changed. Go back to the chart and pick a point again.</p>
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
          <table className="w-full text-sm">
            <caption className="sr-only">Scores behind the point</caption>
            <thead className="bg-stone-100 text-left text-stone-600">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">
                  Chain
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Revision
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Principle
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  {query.score}
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Source
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Answer
                </th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((row) => (
                <tr key={row.scoreId} className="border-t border-stone-100 align-top">
                  <th scope="row" className="px-3 py-2 text-left font-medium whitespace-nowrap">
                    <Link href={`/chains/${row.chainId}`}>#{row.chainId}</Link>
                    <div className="text-xs font-normal text-stone-500">
                      prompt <Link href={`/prompts/${row.promptId}`}>#{row.promptId}</Link>
                    </div>
                  </th>
                  <td className="px-3 py-2">{row.revision === 0 ? "initial" : row.revision}</td>
                  <td className="px-3 py-2">{row.principle ?? "—"}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{formatNumber(row.value)}</td>
                  <td className="px-3 py-2">{scoreSourceName(row.source)}</td>
                  <td className="max-w-xl px-3 py-2">
                    <p className="line-clamp-3 break-words whitespace-pre-wrap text-stone-900">{row.preview}</p>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {(data.nextBefore !== undefined || query.before !== undefined) && (
        <nav aria-label="Pages" className="mt-4 flex gap-2">
          {query.before !== undefined && (
            <LinkButton href={here()} variant="secondary">
              Newest
            </LinkButton>
          )}
          {data.nextBefore !== undefined && (
            <LinkButton href={here(data.nextBefore)} variant="secondary">
              Next
            </LinkButton>
          )}
        </nav>
      )}
    </>
  );
}

/** The point's series in words, as the chart's legend names it. */
function groupWords(query: ChainScoresQuery, principle: string | null | undefined): string {
  const { split, group } = query;
  if (split === "none" || group === undefined) return "";
  if (split === "principle") return group === "initial" ? "" : `, principle ${principle ?? `#${group}`}`;
  if (split === "run") return group === "imported" ? ", imported chains" : `, SL-CAI run #${group}`;
  return group === "none" ? ", chains with no endpoint" : `, endpoint #${group}`;
}

function linkable(query: ChainScoresQuery): Record<string, string | number | undefined> {
  return {
    dataset: query.dataset,
    run: query.run,
    score: query.score,
    source: query.source,
    split: query.split === "none" ? undefined : query.split,
    group: query.group,
    revision: query.revision,
    scoredBefore: query.scoredBefore ? "true" : undefined,
  };
}
