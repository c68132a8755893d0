import Link from "next/link";
import type { QueueSummary } from "@/lib/schemas/review";

/** Where a queue's pairs come from: a labeling run's verdicts, or a dataset's pairs alone. */
export function QueueSource({ queue }: { queue: Pick<QueueSummary, "labelRun" | "dataset"> }) {
  if (queue.labelRun) {
    return (
      <>
        labeling run <Link href={`/runs/${queue.labelRun.id}`}>{queue.labelRun.name || `#${queue.labelRun.id}`}</Link>
        {queue.dataset && (
          <>
            {" "}
            on <Link href={`/comparisons?dataset=${queue.dataset.id}`}>{queue.dataset.name}</Link>
          </>
        )}
      </>
    );
  }
  if (queue.dataset) {
    return (
      <>
        dataset <Link href={`/comparisons?dataset=${queue.dataset.id}`}>{queue.dataset.name}</Link>
      </>
    );
  }
  return <span className="text-stone-500">source deleted</span>;
}

export function progressDetail(progress: QueueSummary["progress"]): string {
  return `${progress.done} of ${progress.total} done · ${progress.mine} answered by you`;
}
