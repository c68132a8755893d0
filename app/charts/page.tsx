import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Charts" };

export default function ChartsPage() {
  return (
    <>
      <PageHeader title="Charts" />
      <EmptyState title="No charts yet">
        <p>
          Charts will show preference-model scores per revision, soft-label distributions and calibration, each tied to
          the chains and labels it came from.
        </p>
        <p>
          Import RL samples with PM scores (or SL-CAI chains) from the <Link href="/import">import page</Link> so there
          is something to chart.
        </p>
      </EmptyState>
    </>
  );
}
