import { notFound } from "next/navigation";
import { ComparisonViewer } from "@/components/comparisons/comparison-viewer";
import { parseRouteId } from "@/lib/schemas/ids";
import { requirePageUser } from "@/lib/server/auth/session";
import { comparisonForViewer } from "@/lib/server/comparisons/for-viewer";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return { title: `Comparison ${(await params).id}` };
}

export default async function ComparisonPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ run?: string | string[] }> }) {
  const user = await requirePageUser();
  const id = parseRouteId((await params).id);
  const requested = (await searchParams).run;
  const run = typeof requested === "string" ? parseRouteId(requested) : undefined;
  const comparison = id === undefined ? null : await comparisonForViewer(id, { run }, user);
  if (!comparison) notFound();
  return <ComparisonViewer comparison={comparison} />;
}
