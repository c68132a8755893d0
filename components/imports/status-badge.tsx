const STYLES: Record<string, string> = {
  SUCCEEDED: "bg-green-100 text-green-900",
  FAILED: "bg-red-100 text-red-900",
  RUNNING: "bg-amber-100 text-amber-900",
};

export function StatusBadge({ status }: { status: string }) {
  return <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${STYLES[status] ?? "bg-stone-100"}`}>{status.toLowerCase()}</span>;
}
