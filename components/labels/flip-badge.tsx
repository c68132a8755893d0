/**
 * The judge picked different winners when the two responses swapped places: a sign of position
 * bias. Written out in words and bold, never colour alone.
 */
export function FlipBadge({ count, of }: { count?: number; of?: number }) {
  const text = count === undefined ? "FLIPPED" : `FLIPPED ${count}${of !== undefined ? `/${of}` : ""}`;
  return (
    <span
      title="The two orders, (A, B) and (B, A), disagree on which response is better"
      className="inline-block rounded border border-amber-700 bg-amber-100 px-1.5 py-0.5 text-xs font-bold tracking-wide text-amber-950"
    >
      {text}
    </span>
  );
}
