import Link from "next/link";
import { notFound } from "next/navigation";
import { AdjudicationList } from "@/components/review/adjudication-list";
import { orNotFound } from "@/components/review/not-found";
import { PageHeader } from "@/components/ui/page-header";
import { parseRouteId } from "@/lib/schemas/ids";
import { requirePageUser } from "@/lib/server/auth/session";
import { adjudicationList } from "@/lib/server/review/adjudication";

export const dynamic = "force-dynamic";
export const metadata = { title: "Adjudication" };

export default async function AdjudicationPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageUser("ADJUDICATOR");
  const id = parseRouteId((await params).id);
  if (id === undefined) notFound();
  const { queue, rows } = await orNotFound(adjudicationList(id));
  return (
    <>
      <PageHeader
        title={`Adjudication: ${queue.name}`}
        description={
          <p className="text-sm">
            <Link href={`/review/${queue.id}`}>The queue</Link> · items whose reviewers disagree
            {queue.adjudicationThreshold !== null && `, or whose people and AI differ by more than ${queue.adjudicationThreshold}`}; unresolved first.
          </p>
        }
      />
      <AdjudicationList queueId={queue.id} rows={rows} />
    </>
  );
}
