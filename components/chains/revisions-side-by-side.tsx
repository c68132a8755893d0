import { formatCount } from "@/components/ui/format";
import { wordDiff } from "@/lib/text/word-diff";
import { DiffLegend, DiffText } from "./diff-text";

/**
 * The initial response and each revision in columns, each revision marked against the one before.
 * The diffs are worked out on the server: pure functions of the texts, so the browser receives
 * only the marked-up result. The row scrolls sideways when N is large; it keeps the arrow keys for
 * that (the chain viewer's keyboard navigation leaves them alone inside it).
 */
export function RevisionsSideBySide({ initial, revisions }: { initial: string; revisions: { index: number; text: string }[] }) {
  const columns = [{ title: "Initial response", text: initial }, ...revisions.map((r) => ({ title: `Revision ${r.index}`, text: r.text }))];
  return (
    <div className="space-y-2">
      <DiffLegend />
      <div
        data-own-arrow-keys
        tabIndex={0}
        aria-label="Initial response and revisions, side by side"
        role="region"
        className="overflow-x-auto rounded-lg border border-stone-200 bg-white"
      >
        <div className="grid min-w-full auto-cols-[minmax(16rem,1fr)] grid-flow-col divide-x divide-stone-200">
          {columns.map((column, index) => {
            const diff = index === 0 ? null : wordDiff(columns[index - 1].text, column.text);
            return (
              <section key={column.title} aria-label={column.title} className="min-w-0 px-3 py-3">
                <h3 className="text-sm font-semibold text-stone-800">{column.title}</h3>
                {diff && (
                  <p className="mb-1 text-xs text-stone-500 tabular-nums">
                    vs {index === 1 ? "initial" : `revision ${index - 1}`}: −{formatCount(diff.deletedWords)} +{formatCount(diff.insertedWords)} words
                    {diff.coarse && " (too long to align word by word: shown as replaced)"}
                  </p>
                )}
                <div className="text-sm leading-relaxed break-words whitespace-pre-wrap text-stone-900">
                  {diff ? <DiffText pieces={diff.pieces} /> : column.text}
                </div>
              </section>
            );
          })}
        </div>
      </div>
    </div>
  );
}
