import { formatCount } from "@/components/ui/format";
import { wordDiff } from "@/lib/text/word-diff";
import { DiffLegend, DiffText } from "./diff-text";

/**
 * The initial response and each revision in columns, each revision marked against the one before.
 * The diffs are worked out on the server: pure functions of the texts, so the browser receives
 * only the marked-up result. The columns wrap onto a second row rather than run off the page, so
 * the last revision is never cut off whatever the width (five columns fit side by side at 1440 px).
 */
export function RevisionsSideBySide({ initial, revisions }: { initial: string; revisions: { index: number; text: string }[] }) {
  const columns = [{ title: "Initial response", text: initial }, ...revisions.map((r) => ({ title: `Revision ${r.index}`, text: r.text }))];
  return (
    <div className="space-y-2">
      <DiffLegend />
      <div aria-label="Initial response and revisions, side by side" role="region" className="overflow-hidden rounded-lg border border-stone-200 bg-stone-200">
        <div className="grid grid-cols-[repeat(auto-fit,minmax(13rem,1fr))] gap-px">
          {columns.map((column, index) => {
            const diff = index === 0 ? null : wordDiff(columns[index - 1].text, column.text);
            return (
              <section key={column.title} aria-label={column.title} className="min-w-0 bg-white px-3 py-3">
                <h3 className="text-sm font-semibold text-stone-800">{column.title}</h3>
                {diff && (
                  <p className="mb-1 text-xs text-stone-500 tabular-nums">
                    vs {index === 1 ? "initial" : `revision ${index - 1}`}: −{formatCount(diff.deletedWords)} +{formatCount(diff.insertedWords)} words
                    {diff.coarse && " (too long to align word by word: shown as replaced)"}
                  </p>
                )}
                <div className="text-sm leading-relaxed break-words whitespace-pre-wrap text-stone-900">{diff ? <DiffText pieces={diff.pieces} /> : column.text}</div>
              </section>
            );
          })}
        </div>
      </div>
    </div>
  );
}
