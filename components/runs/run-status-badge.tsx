import { STATUS_LABELS, type RunStatus } from "./run-status";

// The word is always there; the colour only repeats it.
const STYLES: Record<RunStatus, string> = {
  QUEUED: "bg-stone-200 text-stone-900",
  RUNNING: "bg-blue-100 text-blue-950",
  PAUSED: "bg-amber-100 text-amber-950",
  CANCELLED: "bg-stone-200 text-stone-700",
  SUCCEEDED: "bg-green-100 text-green-950",
  FAILED: "bg-red-100 text-red-950",
};

export function RunStatusBadge({ status }: { status: RunStatus }) {
  return <span className={`inline-block rounded px-1.5 py-0.5 text-xs font-semibold ${STYLES[status]}`}>{STATUS_LABELS[status]}</span>;
}
