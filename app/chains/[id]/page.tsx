import { notFound } from "next/navigation";
import { ChainViewer } from "@/components/chains/chain-viewer";
import { parseRouteId } from "@/lib/schemas/ids";
import { findChainView } from "@/lib/server/chains/queries";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return { title: `Chain ${(await params).id}` };
}

export default async function ChainPage({ params }: { params: Promise<{ id: string }> }) {
  const id = parseRouteId((await params).id);
  const chain = id === undefined ? null : await findChainView(id);
  if (!chain) notFound();
  return <ChainViewer chain={chain} />;
}
