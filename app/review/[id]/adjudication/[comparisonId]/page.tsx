import { notFound } from "next/navigation";
import { AdjudicationItem } from "@/components/review/adjudication-item";
import { orNotFound } from "@/components/review/not-found";
import { parseRouteId } from "@/lib/schemas/ids";
import { requirePageUser } from "@/lib/server/auth/session";
import { adjudicationItem } from "@/lib/server/review/adjudication";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ comparisonId: string }> }) {
  return { title: `Adjudicate comparison ${(await params).comparisonId}` };
}

export default async function AdjudicationItemPage({ params }: { params: Promise<{ id: string; comparisonId: string }> }) {
  await requirePageUser("ADJUDICATOR");
  const raw = await params;
  const [id, comparisonId] = [parseRouteId(raw.id), parseRouteId(raw.comparisonId)];
  if (id === undefined || comparisonId === undefined) notFound();
  return <AdjudicationItem view={await orNotFound(adjudicationItem(id, comparisonId))} />;
}
