import { notFound } from "next/navigation";
import { orNotFound } from "@/components/review/not-found";
import { ReviewItem } from "@/components/review/review-item";
import { roleAtLeast } from "@/lib/auth/roles";
import { itemFilterSearchParams, itemViewQuerySchema } from "@/lib/schemas/review";
import { parseRouteId } from "@/lib/schemas/ids";
import { requirePageUser } from "@/lib/server/auth/session";
import { reviewItem } from "@/lib/server/review/item-view";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ comparisonId: string }> }) {
  return { title: `Review comparison ${(await params).comparisonId}` };
}

export default async function ReviewItemPage({ params, searchParams }: { params: Promise<{ id: string; comparisonId: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requirePageUser();
  const raw = await params;
  const [id, comparisonId] = [parseRouteId(raw.id), parseRouteId(raw.comparisonId)];
  if (id === undefined || comparisonId === undefined) notFound();
  const parsed = itemViewQuerySchema.safeParse(await searchParams);
  const options = parsed.success ? parsed.data : itemViewQuerySchema.parse({});
  const canAnswer = roleAtLeast(user.role, "REVIEWER");
  const item = await orNotFound(reviewItem(id, comparisonId, { userId: user.id, canAnswer }, options));
  // the list being walked travels from item to item
  const walk = itemFilterSearchParams(options).toString();
  return <ReviewItem item={item} walk={walk} canAnswer={canAnswer} />;
}
