import { EmptyState } from "@/components/ui/empty-state";
import { LinkButton } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Runs" };

export default function RunsPage() {
  return (
    <>
      <PageHeader title="Runs" />
      <EmptyState
        title="No runs yet"
        action={<LinkButton href="/import">Import a dataset</LinkButton>}
      >
        <p>
          Runs will generate critique-revision chains and AI preference labels for a dataset against your model
          endpoints, and show their progress, retries and cost here.
        </p>
        <p>For now, import a dataset of prompts (or the paper&apos;s chains) to browse.</p>
      </EmptyState>
    </>
  );
}
