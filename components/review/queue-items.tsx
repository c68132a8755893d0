"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { ProbabilityBar } from "@/components/labels/probability-bar";
import { fetchJson } from "@/components/ui/fetch-json";
import { Button } from "@/components/ui/button";
import { itemFilterSearchParams, type ItemFilter, type QueueItemPage } from "@/lib/schemas/review";
import { CHOICE_WORDS } from "./review-keys";

/** The queue's items in rank order, a page at a time by keyset (Next page carries the last row's cursor). */
export function QueueItems({
  queueId, filter, firstPage, reviewersPerItem, blind = false,
}: { queueId: number; filter: ItemFilter; firstPage: QueueItemPage; reviewersPerItem: number; blind?: boolean }) {
  // the cursors of the pages seen so far, to go back
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const after = cursors.at(-1);
  const params = itemFilterSearchParams(filter);
  const result = useQuery({
    queryKey: ["review-items", queueId, params.toString(), after ?? null],
    queryFn: () => fetchJson(`/api/review/queues/${queueId}/items?${itemFilterSearchParams(filter, after ? { after } : {})}`),
    initialData: after === undefined ? firstPage : undefined,
    placeholderData: keepPreviousData,
  });
  const page = result.data;
  const itemHref = (comparisonId: number) => `/review/${queueId}/${comparisonId}${params.size > 0 ? `?${params}` : ""}`;
  return (
    <div className="space-y-3">
      {result.isError && <p role="alert" className="rounded bg-red-50 px-3 py-2 text-red-900">The items could not be loaded: {result.error.message}</p>}
      {page && page.rows.length === 0 ? (
        <p className="text-stone-700">
          {filter.show === "todo" || filter.unreviewed ? "Nothing left in this list. Show all items to see the answered ones." : "This queue holds no pairs."}
        </p>
      ) : (
        page && (
          <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
            <table className="w-full text-sm" aria-label="Queue items">
              <thead className="bg-stone-100 text-left text-stone-700">
                <tr>
                  <th className="px-3 py-2 font-medium">Comparison</th>
                  <th className="px-3 py-2 font-medium">Last human turn</th>
                  <th className="px-3 py-2 font-medium">AI verdict</th>
                  <th className="px-3 py-2 font-medium">Answers</th>
                  <th className="px-3 py-2 font-medium">Your answer</th>
                </tr>
              </thead>
              <tbody>
                {page.rows.map((row) => (
                  <tr key={row.comparisonId} className="border-t border-stone-100 align-top">
                    <td className="whitespace-nowrap px-3 py-2"><Link href={itemHref(row.comparisonId)}>Comparison #{row.comparisonId}</Link></td>
                    <td className="max-w-md px-3 py-2 text-stone-800"><span className="line-clamp-2 whitespace-pre-wrap break-words">{row.preview}</span></td>
                    <td className="whitespace-nowrap px-3 py-2">
                      {row.verdict ? <ProbabilityBar pA={row.verdict.pAUsed} label={`Verdict P(A) of comparison ${row.comparisonId}`} compact /> : <span className="text-stone-500">{blind && !row.myChoice ? "hidden until you answer" : "—"}</span>}
                    </td>
                    <td className="whitespace-nowrap px-3 py-2 tabular-nums">
                      {row.answers}/{reviewersPerItem}
                      {row.complete && <span className="ml-1 text-green-800">done</span>}
                    </td>
                    <td className="whitespace-nowrap px-3 py-2">{row.myChoice ? CHOICE_WORDS[row.myChoice] : <span className="text-stone-500">—</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      )}
      <div className="flex gap-2">
        {cursors.length > 1 && <Button variant="secondary" onClick={() => setCursors((c) => c.slice(0, -1))}>Previous page</Button>}
        {page?.next && <Button variant="secondary" onClick={() => setCursors((c) => [...c, page.next])}>Next page</Button>}
      </div>
    </div>
  );
}
