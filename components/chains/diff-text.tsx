import type { DiffPiece } from "@/lib/text/word-diff";

// A diff as text: deletions struck through, insertions underlined (readable without colour, and
// screen readers announce <del>/<ins>), with the colour only as a second cue. Every piece is React
// text, so model output is escaped, and whitespace is kept by the parent's pre-wrap.

export function DiffText({ pieces }: { pieces: DiffPiece[] }) {
  return (
    <>
      {pieces.map((piece, index) => {
        if (piece.kind === "equal") return <span key={index}>{piece.text}</span>;
        if (piece.kind === "delete") {
          return (
            <del key={index} className="bg-red-50 text-red-900 decoration-red-800 decoration-2 line-through">
              {piece.text}
            </del>
          );
        }
        return (
          <ins key={index} className="bg-green-50 text-green-950 underline decoration-green-800 decoration-2 underline-offset-2">
            {piece.text}
          </ins>
        );
      })}
    </>
  );
}

export function DiffLegend() {
  return (
    <p className="text-sm text-stone-600">
      Each revision is compared with the one before it: <del className="bg-red-50 text-red-900 decoration-red-800 decoration-2 line-through">deleted words are struck through</del>,{" "}
      <ins className="bg-green-50 text-green-950 underline decoration-green-800 decoration-2 underline-offset-2">inserted words are underlined</ins>.
    </p>
  );
}
