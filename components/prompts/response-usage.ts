import type { ChainDetail, ComparisonDetail } from "@/lib/server/prompts/detail";

export interface ResponseUse {
  label: string;
  href: string;
}

/** Where each response appears on the prompt's page: which chain step, which side of which comparison. */
export function responseUses(chains: ChainDetail[], comparisons: ComparisonDetail[]): Map<number, ResponseUse[]> {
  const uses = new Map<number, ResponseUse[]>();
  const add = (responseId: number, use: ResponseUse) => uses.set(responseId, [...(uses.get(responseId) ?? []), use]);
  for (const chain of chains) {
    add(chain.initialResponseId, { label: `initial response of chain #${chain.id}`, href: `#chain-${chain.id}` });
    for (const step of chain.steps) {
      add(step.revisionId, { label: `revision ${step.index} of chain #${chain.id}`, href: `#chain-${chain.id}-step-${step.index}` });
    }
  }
  for (const comparison of comparisons) {
    add(comparison.responseAId, { label: `A in comparison #${comparison.id}`, href: `#comparison-${comparison.id}` });
    add(comparison.responseBId, { label: `B in comparison #${comparison.id}`, href: `#comparison-${comparison.id}` });
  }
  return uses;
}
