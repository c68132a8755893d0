"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { fetchJson } from "@/components/ui/fetch-json";
import { isActive } from "@/components/runs/run-status";
import { useRunProgress } from "@/components/runs/use-run-progress";
import { formatCount } from "@/components/ui/format";
import { Stats } from "@/components/ui/stats";
import type { LabelRunSummary as Summary } from "@/lib/schemas/labels";
import type { RunProgress } from "@/lib/schemas/runs";
import { formatRate } from "@/components/ui/label-format";
import { PAHistogram, RAW_COLOUR, USED_COLOUR } from "./p-a-histogram";
import { prepareFlips, prepareHistogram } from "./summary-data";

const SUMMARY_POLL_MS = 3_000;
const summaryKey = (runId: number) => ["label-summary", runId] as const;

/**
 * What the labeling run has concluded so far: how its verdicts spread over P(A), how many are
 * confident and how many near a coin toss, and how often the order flipped the verdict, overall and
 * per principle. Refreshed while the run is active and once more when it stops.
 */
export function LabelRunSummary({ initialProgress, initial, chainOfThought, bothOrders }: { initialProgress: RunProgress; initial: Summary; chainOfThought: boolean; bothOrders: boolean }) {
  const { data: run } = useRunProgress(initialProgress);
  const queryClient = useQueryClient();
  const active = isActive(run.status);
  const result = useQuery({
    queryKey: summaryKey(run.id),
    queryFn: () => fetchJson(`/api/runs/${run.id}/summary`),
    initialData: initial,
    staleTime: 0,
    refetchInterval: active ? SUMMARY_POLL_MS : false,
  });
  useEffect(() => {
    if (!active) void queryClient.invalidateQueries({ queryKey: summaryKey(run.id) });
  }, [active, queryClient, run.id]);

  const summary = result.data;
  const histogram = prepareHistogram(summary);
  const flips = prepareFlips(summary);
  return (
    <div className="space-y-6">
      {result.isError && (
        <p role="alert" className="rounded bg-amber-100 px-3 py-2 text-sm text-amber-950">
          Could not refresh the summary ({result.error.message}); showing what was last known.
        </p>
      )}
      <div className="rounded-lg border border-stone-200 bg-white p-4">
        <Stats
          label="Label distribution"
          items={[
            { label: "Pairs with a verdict", value: histogram.judged },
            { label: "Confident (|P(A) − 0.5| ≥ 0.3)", value: `${formatCount(histogram.confident)} (${formatRate(histogram.confidentShare)})` },
            { label: "Near 0.5 (|P(A) − 0.5| < 0.1)", value: `${formatCount(histogram.nearHalf)} (${formatRate(histogram.nearHalfShare)})` },
            { label: "In between", value: histogram.between },
            { label: "Flip rate (pairs judged in both orders)", value: bothOrders ? formatRate(flips.overall.flipRate) : "one order only" },
          ]}
        />
        <p className="mt-2 text-sm text-stone-600">
          Counted on the verdict as used{chainOfThought ? " (from clamped labels: chain-of-thought labels are clamped, so none is confident by construction)" : ""}.
        </p>
      </div>

      <section aria-labelledby="histogram-title" className="rounded-lg border border-stone-200 bg-white p-4">
        <h3 id="histogram-title" className="font-semibold text-stone-900">
          P(A) of the verdicts, in ten bins
        </h3>
        <p className="text-sm text-stone-600">
          P(A) is the probability that response A is better: near 0 the judge prefers B, near 1 it prefers A. <Swatch colour={RAW_COLOUR} /> raw, <Swatch colour={USED_COLOUR} /> used
          {chainOfThought ? " (clamped)" : ""}.
        </p>
        {histogram.judged === 0 ? (
          <p className="mt-3 text-stone-600">No verdict yet: the histogram fills in as pairs are judged.</p>
        ) : (
          <div className="mt-3 grid gap-4 lg:grid-cols-[2fr_1fr]">
            <PAHistogram histogram={histogram} />
            <table className="text-sm">
              <caption className="sr-only">P(A) histogram counts</caption>
              <thead className="text-left text-stone-600">
                <tr>
                  <th scope="col" className="px-2 py-1 font-medium">
                    P(A)
                  </th>
                  <th scope="col" className="px-2 py-1 text-right font-medium">
                    Raw
                  </th>
                  <th scope="col" className="px-2 py-1 text-right font-medium">
                    Used
                  </th>
                </tr>
              </thead>
              <tbody>
                {histogram.bins.map((bin) => (
                  <tr key={bin.range} className="border-t border-stone-100">
                    <th scope="row" className="px-2 py-1 text-left font-normal tabular-nums">
                      {bin.range}
                    </th>
                    <td className="px-2 py-1 text-right tabular-nums">{bin.raw}</td>
                    <td className="px-2 py-1 text-right tabular-nums">{bin.used}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="flips-title" className="rounded-lg border border-stone-200 bg-white p-4">
        <h3 id="flips-title" className="font-semibold text-stone-900">
          Flip rate per principle
        </h3>
        <p className="text-sm text-stone-600">A flip: shown as (A, B) and as (B, A), the judge picked different winners, i.e. it followed the position, not the content.</p>
        {flips.rows.length === 0 ? (
          <p className="mt-3 text-stone-600">No labels yet.</p>
        ) : (
          <div className="mt-3 overflow-x-auto">
            <table className="w-full text-sm">
              <caption className="sr-only">Flip rate per principle</caption>
              <thead className="bg-stone-100 text-left text-stone-600">
                <tr>
                  <th scope="col" className="px-3 py-2 font-medium">
                    Principle
                  </th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">
                    Labels
                  </th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">
                    Pairs judged in both orders
                  </th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">
                    Flips
                  </th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">
                    Flip rate
                  </th>
                </tr>
              </thead>
              <tbody>
                {flips.rows.map((row) => (
                  <tr key={row.principleId} className="border-t border-stone-100">
                    <th scope="row" className="px-3 py-2 text-left font-mono font-medium">
                      {row.key}
                    </th>
                    <td className="px-3 py-2 text-right tabular-nums">{row.labels}</td>
                    <td className="px-3 py-2 text-right tabular-nums">{row.pairsBothOrders}</td>
                    <td className="px-3 py-2 text-right tabular-nums">{row.flips}</td>
                    <td className="px-3 py-2 text-right tabular-nums">{formatRate(row.flipRate)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr className="border-t-2 border-stone-300 font-semibold">
                  <th scope="row" className="px-3 py-2 text-left">
                    All principles
                  </th>
                  <td className="px-3 py-2 text-right tabular-nums">{flips.rows.reduce((n, r) => n + r.labels, 0)}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{flips.overall.pairsBothOrders}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{flips.overall.flips}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{formatRate(flips.overall.flipRate)}</td>
                </tr>
              </tfoot>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

function Swatch({ colour }: { colour: string }) {
  return <span aria-hidden className="inline-block size-3 rounded-sm align-middle" style={{ backgroundColor: colour }} />;
}
