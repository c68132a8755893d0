import type { ReviewerPositionBias } from "@/lib/cai/reviewer-position";

const share = (value: number | null) => (value === null ? "—" : `${(value * 100).toFixed(0)}%`);

/**
 * Each reviewer's share of A/B answers that picked the response shown first, with its 95% interval:
 * sides are drawn per reviewer and pair, so about 50% is no position preference.
 */
export function ReviewerPositionBiasTable({ rows }: { rows: ReviewerPositionBias[] }) {
  return (
    <section aria-label="Reviewers' position bias" className="mb-8">
      <h2 className="mb-1 text-lg font-semibold text-stone-900">Reviewers&apos; position bias</h2>
      <p className="mb-3 max-w-3xl text-sm text-stone-700">
        How often each reviewer picked the response shown first. Queues that randomise sides draw the order per reviewer and pair, so a reviewer with no position preference is near 50%; an
        interval that leaves 50% out is a lean towards one place on the screen. Only answers given with a recorded order count; ties are counted apart.
      </p>
      {rows.length === 0 ? (
        <p className="text-stone-600">No answers with a recorded order yet: they come from review queues that randomise sides.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
          <table className="w-full text-sm" aria-label="Picks of the response shown first">
            <thead className="bg-stone-100 text-left text-stone-700">
              <tr>
                <th className="px-3 py-2 font-medium">Reviewer</th>
                <th className="px-3 py-2 text-right font-medium">A/B answers</th>
                <th className="px-3 py-2 text-right font-medium">Picked the first shown</th>
                <th className="px-3 py-2 text-right font-medium">Share</th>
                <th className="px-3 py-2 text-right font-medium">95% interval</th>
                <th className="px-3 py-2 text-right font-medium">Ties</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.rater} className="border-t border-stone-100">
                  <td className="px-3 py-2">{row.rater}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{row.n}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{row.first}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{share(row.share)}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{row.low === null ? "—" : `${share(row.low)}–${share(row.high)}`}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{row.ties}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
