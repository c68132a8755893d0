import Link from "next/link";
import { formatDateTime } from "@/components/ui/format";
import { ProgressBar } from "@/components/ui/progress-bar";
import { Cell, Row, Table, type Column } from "@/components/ui/table";
import { describeCriteria, type QueueSummary } from "@/lib/schemas/review";
import { progressDetail, QueueSource } from "./queue-source";

const COLUMNS: Column[] = [
  { header: "Queue" },
  { header: "Pairs from" },
  { header: "Criterion" },
  { header: "Reviewers per item" },
  { header: "Progress" },
  { header: "Blind" },
  { header: "Created" },
];

/** Every review queue, newest first: what it holds, how far it is, and whose it is. */
export function QueueTable({ queues }: { queues: QueueSummary[] }) {
  return (
    <Table label="Review queues" columns={COLUMNS}>
      {queues.map((queue) => (
        <Row key={queue.id}>
          <Cell>
            <Link href={`/review/${queue.id}`} className="font-medium">
              {queue.name}
            </Link>
            {queue.archivedAt && <span className="ml-2 rounded bg-stone-200 px-1.5 py-0.5 text-xs text-stone-800">archived</span>}
          </Cell>
          <Cell className="text-stone-800">
            <QueueSource queue={queue} />
          </Cell>
          <Cell className="text-stone-800">{describeCriteria(queue.criteria)}</Cell>
          <Cell className="tabular-nums">{queue.reviewersPerItem}</Cell>
          <Cell className="min-w-64">
            <ProgressBar label={`Progress of ${queue.name}`} value={queue.progress.done} max={queue.progress.total} detail={progressDetail(queue.progress)} labelHidden />
          </Cell>
          <Cell>{queue.blindByDefault ? "blind" : "AI shown"}</Cell>
          <Cell className="text-stone-700">
            {queue.createdBy?.name || queue.createdBy?.email || "someone since removed"}
            <span className="block text-xs text-stone-500">{formatDateTime(queue.createdAt)}</span>
          </Cell>
        </Row>
      ))}
    </Table>
  );
}
