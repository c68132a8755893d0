import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Review" };

export default function ReviewPage() {
  return (
    <>
      <PageHeader title="Review" />
      <EmptyState title="Nothing to review yet">
        <p>
          The review queue will list comparisons ranked by AI uncertainty and disagreement, where you can audit and
          override AI preference labels without erasing them.
        </p>
        <p>
          Meanwhile, imported hh-rlhf pairs and their human labels are on each prompt&apos;s page: start from{" "}
          <Link href="/prompts?hasLabels=true">prompts with labels</Link>.
        </p>
      </EmptyState>
    </>
  );
}
