import { notFound } from "next/navigation";
import { ComparisonViewer } from "@/components/comparisons/comparison-viewer";
import { parseRouteId } from "@/lib/schemas/ids";
import { findComparisonView } from "@/lib/server/comparisons/detail";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return { title: `Comparison ${(await params).id}` };
}

export default async function ComparisonPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ run?: string | string[] }>;
}) {
  const id = parseRouteId((await params).id);
  const requested = (await searchParams).run;
  const run = typeof requested === "string" ? parseRouteId(requested) : undefined;
  const comparison = id === undefined ? null : await findComparisonView(id, { run });
  if (!comparison) notFound();
  return <ComparisonViewer comparison={comparison} />;
}
