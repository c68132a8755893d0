import { StatusBadge, type StatusTone } from "@/components/ui/status-badge";

const TONES: Record<string, StatusTone> = { SUCCEEDED: "success", FAILED: "failure", RUNNING: "attention" };

/** An import's state (RUNNING, SUCCEEDED, FAILED) as a lower-case word. */
export function ImportStatusBadge({ status }: { status: string }) {
  return <StatusBadge tone={TONES[status] ?? "waiting"}>{status.toLowerCase()}</StatusBadge>;
}
