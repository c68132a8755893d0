import { formatProbability, preferenceWords } from "@/components/ui/label-format";

// P(A) as a small bar: the track is 0 (B is better) to 1 (A is better) with a mark at 0.5, and the
// fill grows from the middle towards the side preferred. Blue for A and orange for B (Okabe-Ito
// colours, told apart with any common colour-vision deficiency); the number and the words are
// always written beside it, so the colour only repeats them.

export function ProbabilityBar({ pA, label = "P(A)", compact = false }: { pA: number; label?: string; compact?: boolean }) {
  const clamped = Math.min(1, Math.max(0, pA));
  const left = Math.min(clamped, 0.5) * 100;
  const width = Math.abs(clamped - 0.5) * 100;
  return (
    <span className="inline-flex items-center gap-2 align-middle">
      <span
        role="img"
        aria-label={`${label} ${formatProbability(pA)}, ${preferenceWords(pA)}`}
        className={`relative inline-block overflow-hidden rounded-sm bg-stone-200 ${compact ? "h-2 w-16" : "h-2.5 w-28"}`}
      >
        <span className={`absolute inset-y-0 ${clamped >= 0.5 ? "bg-[#0072B2]" : "bg-[#D55E00]"}`} style={{ left: `${left}%`, width: `${width}%` }} />
        <span aria-hidden className="absolute inset-y-0 left-1/2 w-px bg-stone-700" />
      </span>
      <span className="tabular-nums text-stone-900">{formatProbability(pA)}</span>
    </span>
  );
}
