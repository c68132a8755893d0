import { StatusBadge, type StatusTone } from "@/components/ui/status-badge";
import { STATUS_LABELS, type RunStatus } from "./run-status";

const TONES: Record<RunStatus, StatusTone> = {
  QUEUED: "waiting",
  RUNNING: "active",
  PAUSED: "attention",
  CANCELLED: "stopped",
  SUCCEEDED: "success",
  FAILED: "failure",
};

export function RunStatusBadge({ status }: { status: RunStatus }) {
  return <StatusBadge tone={TONES[status]}>{STATUS_LABELS[status]}</StatusBadge>;
}
