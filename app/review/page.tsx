import Link from "next/link";
import { NewQueuePanel } from "@/components/review/new-queue-panel";
import { QueueTable } from "@/components/review/queue-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { roleAtLeast } from "@/lib/auth/roles";
import { parseRouteId } from "@/lib/schemas/ids";
import { requirePageUser } from "@/lib/server/auth/session";
import { queueFormOptions } from "@/lib/server/review/options";
import { listQueues } from "@/lib/server/review/queues";

export const dynamic = "force-dynamic";
export const metadata = { title: "Review" };

export default async function ReviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser();
  const canCreate = roleAtLeast(user.role, "REVIEWER");
  const [queues, options] = await Promise.all([listQueues(user.id), canCreate ? queueFormOptions() : null]);
  const params = await searchParams;
  const one = (key: string) => (typeof params[key] === "string" ? parseRouteId(params[key] as string) : undefined);
  const defaults = { labelRunId: one("labelRun"), datasetId: one("dataset") };
  const nothingToQueue = options !== null && options.labelRuns.length === 0 && options.datasets.length === 0;
  return (
    <>
      <PageHeader
        title="Review"
        description="People check the AI's preference labels: a queue holds the pairs where the AI is least trustworthy (or a spot check), each answered by N reviewers. Answers never erase the AI's labels; a changed answer keeps the one it replaced."
      />
      {options && <NewQueuePanel options={options} defaults={defaults} open={queues.length === 0 || defaults.labelRunId !== undefined || defaults.datasetId !== undefined} />}
      {queues.length === 0 ? (
        <EmptyState title="No review queues yet">
          {nothingToQueue ? (
            <p>
              A queue needs pairs to review: <Link href="/import">import</Link> a dataset with pairs, or make pairs and label them (<Link href="/runs/new-label">new labeling run</Link>);
              then come back here.
            </p>
          ) : canCreate ? (
            <p>Make one above: choose a labeling run (or a dataset), which of its pairs to review, and how many reviewers should answer each.</p>
          ) : (
            <p>Reviewers and admins make queues; ask one to make a queue, and it will be listed here for you to read.</p>
          )}
        </EmptyState>
      ) : (
        <QueueTable queues={queues} />
      )}
    </>
  );
}
