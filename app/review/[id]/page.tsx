import Link from "next/link";
import { notFound } from "next/navigation";
import { ArchiveButton } from "@/components/review/archive-button";
import { orNotFound } from "@/components/review/not-found";
import { QueueFilters } from "@/components/review/queue-filters";
import { QueueItems } from "@/components/review/queue-items";
import { progressDetail, QueueSource } from "@/components/review/queue-source";
import { LinkButton } from "@/components/ui/button";
import { formatDateTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { ProgressBar } from "@/components/ui/progress-bar";
import { Section } from "@/components/ui/section";
import { roleAtLeast } from "@/lib/auth/roles";
import { describeCriteria, itemFilterSchema, itemFilterSearchParams } from "@/lib/schemas/review";
import { parseRouteId } from "@/lib/schemas/ids";
import { requirePageUser } from "@/lib/server/auth/session";
import { listQueueItems } from "@/lib/server/review/items";
import { firstItem } from "@/lib/server/review/neighbours";
import { findQueue } from "@/lib/server/review/queue-record";
import { queueSummary } from "@/lib/server/review/queues";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return { title: `Review queue ${(await params).id}` };
}

export default async function QueuePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requirePageUser();
  const id = parseRouteId((await params).id);
  if (id === undefined) notFound();
  const parsed = itemFilterSchema.safeParse(await searchParams);
  const filter = parsed.success ? parsed.data : itemFilterSchema.parse({});
  const record = await orNotFound(findQueue(id));
  const canAnswer = roleAtLeast(user.role, "REVIEWER");
  const [queue, first, page] = await Promise.all([queueSummary(id, user.id), firstItem(record, filter, user.id), listQueueItems(id, filter, { userId: user.id, canAnswer })]);
  const walk = itemFilterSearchParams(filter).toString();
  return (
    <>
      <PageHeader
        title={queue.name}
        description={
          <div className="space-y-1 text-sm">
            <p>
              <Link href="/review">All queues</Link> · pairs from <QueueSource queue={queue} />
            </p>
            <p>{describeCriteria(queue.criteria)}.</p>
            <p>
              {queue.reviewersPerItem} {queue.reviewersPerItem === 1 ? "reviewer" : "reviewers"} per item ·{" "}
              {queue.blindByDefault ? "blind: the AI's judgment is hidden until you answer or ask to see it" : "the AI's judgment is shown"}
              {queue.sidesRandomised ? " · sides drawn per reviewer" : ""} · made by {queue.createdBy?.name || queue.createdBy?.email || "someone since removed"} on{" "}
              {formatDateTime(queue.createdAt)}
            </p>
            {queue.archivedAt && <p className="font-medium text-stone-900">Archived on {formatDateTime(queue.archivedAt)}: it takes no more answers.</p>}
          </div>
        }
        actions={
          <>
            {first !== null && <LinkButton href={`/review/${id}/${first}${walk ? `?${walk}` : ""}`}>{canAnswer && !queue.archivedAt ? "Start reviewing" : "Read the first item"}</LinkButton>}
            {roleAtLeast(user.role, "ADJUDICATOR") && (
              <LinkButton variant="secondary" href={`/review/${id}/adjudication`}>
                Adjudicate disagreements
              </LinkButton>
            )}
            {canAnswer && !queue.archivedAt && <ArchiveButton queueId={id} name={queue.name} />}
          </>
        }
      />
      <div className="max-w-6xl">
        <Section title="Progress" id="progress">
          <div className="max-w-xl">
            <ProgressBar label="Queue progress" value={queue.progress.done} max={queue.progress.total} detail={progressDetail(queue.progress)} />
          </div>
        </Section>
        <Section title="Items" id="items">
          <QueueFilters queueId={id} filter={filter} />
          <QueueItems
            key={walk}
            queueId={id}
            filter={filter}
            firstPage={page}
            reviewersPerItem={queue.reviewersPerItem}
            blind={queue.blindByDefault && canAnswer && queue.labelRun !== null}
          />
        </Section>
      </div>
    </>
  );
}
