import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Settings" };

export default function SettingsPage() {
  return (
    <>
      <PageHeader title="Settings" />
      <EmptyState title="Nothing to set yet">
        <p>
          Settings will hold your model endpoints (OpenAI-compatible or Anthropic), their rate limits and whether they
          return log-probs; API keys stay on the server.
        </p>
        <p>
          Nothing here is needed to browse data: <Link href="/import">import a dataset</Link> to start.
        </p>
      </EmptyState>
    </>
  );
}
