import type { ExportRunStatus } from "@/lib/server/exports/definitions";

// An export run's state as a word (the colour only repeats it), and whether the page should keep
// asking for its progress: only a queued or running export changes on its own.

const EXPORT_STATUS_LABELS: Record<ExportRunStatus, string> = {
  QUEUED: "queued",
  RUNNING: "writing",
  SUCCEEDED: "finished",
  FAILED: "failed",
  CANCELLED: "cancelled",
};

const STYLES: Record<ExportRunStatus, string> = {
  QUEUED: "bg-stone-200 text-stone-900",
  RUNNING: "bg-blue-100 text-blue-950",
  SUCCEEDED: "bg-green-100 text-green-950",
  FAILED: "bg-red-100 text-red-950",
  CANCELLED: "bg-stone-100 text-stone-800",
};

export function isExportActive(status: ExportRunStatus): boolean {
  return status === "QUEUED" || status === "RUNNING";
}

export function ExportRunStatusBadge({ status }: { status: ExportRunStatus }) {
  return <span className={`inline-block rounded px-1.5 py-0.5 text-xs font-semibold ${STYLES[status]}`}>{EXPORT_STATUS_LABELS[status]}</span>;
}
