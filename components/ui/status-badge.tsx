// A state as a word on a coloured chip: the word is always there, the colour only repeats it.
// Each feature maps its own states to a word and a tone (runs, exports, imports).

export type StatusTone = "waiting" | "active" | "attention" | "stopped" | "success" | "failure";

const TONES: Record<StatusTone, string> = {
  waiting: "bg-stone-200 text-stone-900",
  active: "bg-blue-100 text-blue-950",
  attention: "bg-amber-100 text-amber-950",
  stopped: "bg-stone-200 text-stone-700",
  success: "bg-green-100 text-green-950",
  failure: "bg-red-100 text-red-950",
};

export function StatusBadge({ tone, children }: { tone: StatusTone; children: string }) {
  return <span className={`inline-block rounded px-1.5 py-0.5 text-xs font-semibold ${TONES[tone]}`}>{children}</span>;
}
