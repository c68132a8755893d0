import { StatusBadge, type StatusTone } from "@/components/ui/status-badge";
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

const TONES: Record<ExportRunStatus, StatusTone> = {
  QUEUED: "waiting",
  RUNNING: "active",
  SUCCEEDED: "success",
  FAILED: "failure",
  CANCELLED: "stopped",
};

export function isExportActive(status: ExportRunStatus): boolean {
  return status === "QUEUED" || status === "RUNNING";
}

export function ExportRunStatusBadge({ status }: { status: ExportRunStatus }) {
  return <StatusBadge tone={TONES[status]}>{EXPORT_STATUS_LABELS[status]}</StatusBadge>;
}
