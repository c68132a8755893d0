import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { chartSearchParams, phraseResponsesQuerySchema } from "@/lib/schemas/charts";
import { requirePageUser } from "@/lib/server/auth/session";
import { phraseResponses } from "@/lib/server/charts/phrase-responses";

export const dynamic = "force-dynamic";
export const metadata = { title: "Answers holding a phrase" };

export default async function PhraseResponsesPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requirePageUser("VIEWER");
  const parsed = phraseResponsesQuerySchema.safeParse(await searchParams);
  const back = <Link href="/charts/goodhart">Goodhart and evasiveness signals</Link>;
  if (!parsed.success) {
    return (
      <>
        <PageHeader
          title="Answers holding a phrase"
          description={
            <>
              <Link href="/charts">Charts</Link> · {back}
            </>
          }
        />
        <EmptyState title="No phrase given">
          <p>Open this page from a phrase in the Goodhart chart&apos;s table.</p>
        </EmptyState>
      </>
    );
  }
  const data = await phraseResponses(parsed.data);
  const { query } = data;
  return (
    <>
      <PageHeader
        title={`Answers holding “${query.phrase}”`}
        description={
          <>
            <Link href="/charts">Charts</Link> · <Link href={`/charts/goodhart?${chartSearchParams({ dataset: query.dataset, run: query.run })}`}>Goodhart and evasiveness signals</Link> ·
            chain answers with these words in this order, punctuation between them allowed; at most {data.limit}, the most revised first.
          </>
        }
      />
      {data.responses.length === 0 ? (
        <EmptyState title="No answer holds this phrase">
          <p>No chain answer in this scope has these words in this order. Widen the scope on the chart page.</p>
        </EmptyState>
      ) : (
        <ol className="space-y-3" aria-label="Answers holding the phrase">
          {data.responses.map((r) => (
            <li key={`${r.chainId}-${r.responseId}`} className="rounded-lg border border-stone-200 bg-white p-4">
              <p className="mb-2 text-sm text-stone-600">
                <Link href={`/chains/${r.chainId}`}>Chain #{r.chainId}</Link> · {r.revision === 0 ? "initial answer" : `revision ${r.revision}`}
              </p>
              <p className="whitespace-pre-wrap text-sm text-stone-900">{r.text}</p>
            </li>
          ))}
        </ol>
      )}
      {data.responses.length === data.limit && <p className="mt-4 text-sm text-stone-600">Showing the first {data.limit}: more answers may hold the phrase.</p>}
    </>
  );
}
