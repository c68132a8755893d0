import type { RunProgress } from "@/lib/schemas/runs";

// Run states as the browser sees them. Pages poll only while a run can still change on its own:
// a queued or running run moves as workers finish items; a paused, cancelled or finished one
// changes only when someone presses a button, and the button refreshes it.

export type RunStatus = RunProgress["status"];

export const ACTIVE_STATUSES: readonly RunStatus[] = ["QUEUED", "RUNNING"];

export function isActive(status: RunStatus): boolean {
  return ACTIVE_STATUSES.includes(status);
}

/** How often the run page asks for fresh progress while a run is active. */
export const PROGRESS_POLL_MS = 1_500;

export const STATUS_LABELS: Record<RunStatus, string> = {
  QUEUED: "queued",
  RUNNING: "running",
  PAUSED: "paused",
  CANCELLED: "cancelled",
  SUCCEEDED: "succeeded",
  FAILED: "failed",
};
