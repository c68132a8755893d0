import type { Interval } from "@/lib/cai/experiments";
import type { ExperimentPhase } from "@/lib/schemas/experiments";
import type { StatusTone } from "@/components/ui/status-badge";

// How the report writes its figures: three decimals, an interval in brackets, p to two significant
// digits (or "< 0.001"), so a column of them lines up and reads the same in every table.

export function formatEstimate(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return value < 0 ? `−${Math.abs(value).toFixed(digits)}` : value.toFixed(digits);
}

export function formatInterval(interval: Interval | { low: number | null; high: number | null } | null | undefined, digits = 3): string {
  if (!interval || interval.low === null || interval.high === null) return "";
  return `[${formatEstimate(interval.low, digits)}, ${formatEstimate(interval.high, digits)}]`;
}

export function formatP(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return "—";
  return p < 0.001 ? "< 0.001" : p.toPrecision(2);
}

export const PHASE_TONES: Record<ExperimentPhase, StatusTone> = {
  "not started": "waiting",
  "arms running": "active",
  "arms done": "active",
  judging: "active",
  done: "success",
  failed: "failure",
};
