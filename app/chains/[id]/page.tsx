import { notFound } from "next/navigation";
import { z } from "zod";
import { ChainViewer } from "@/components/chains/chain-viewer";
import { parseRouteId } from "@/lib/schemas/ids";
import { findChainView } from "@/lib/server/chains/queries";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return { title: `Chain ${(await params).id}` };
}

// ?from=&to=: the two versions to diff (0 the initial response, n revision n); absent or not a
// version of this chain, the initial response and the final revision
const versionSchema = z.coerce.number().int().min(0).max(1000).optional().catch(undefined);

export default async function ChainPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const id = parseRouteId((await params).id);
  const chain = id === undefined ? null : await findChainView(id);
  if (!chain) notFound();
  const query = await searchParams;
  const version = (value: unknown) => {
    const n = versionSchema.parse(Array.isArray(value) ? value[0] : value);
    return n !== undefined && (n === 0 || chain.steps.some((step) => step.index === n)) ? n : undefined;
  };
  return <ChainViewer chain={chain} compare={{ from: version(query.from), to: version(query.to) }} />;
}
