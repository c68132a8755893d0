import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Exports" };

export default function ExportsPage() {
  return (
    <>
      <PageHeader title="Exports" />
      <EmptyState title="No exports yet">
        <p>
          Exports will write curated SFT, preference (reward model and DPO) and H4 CAI datasets with full provenance.
        </p>
        <p>
          First <Link href="/import">import a dataset</Link> and check its chains on the <Link href="/prompts">prompts</Link> page.
        </p>
      </EmptyState>
    </>
  );
}
