"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ProbabilityBar } from "@/components/labels/probability-bar";
import { fetchJson } from "@/components/ui/fetch-json";
import { Button } from "@/components/ui/button";
import { useKeysetPages } from "@/components/ui/keyset-pages";
import { Cell, Row, Table, type Column } from "@/components/ui/table";
import { itemFilterSearchParams, type ItemFilter, type QueueItemPage } from "@/lib/schemas/review";
import { CHOICE_WORDS } from "./review-keys";

const COLUMNS: Column[] = [{ header: "Comparison" }, { header: "Last human turn" }, { header: "AI verdict" }, { header: "Answers" }, { header: "Your answer" }];

/** The queue's items in rank order, a page at a time by keyset (Next page carries the last row's cursor). */
export function QueueItems({
  queueId,
  filter,
  firstPage,
  reviewersPerItem,
  blind = false,
}: {
  queueId: number;
  filter: ItemFilter;
  firstPage: QueueItemPage;
  reviewersPerItem: number;
  blind?: boolean;
}) {
  const pages = useKeysetPages<string>();
  const after = pages.cursor;
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
      {result.isError && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-red-900">
          The items could not be loaded: {result.error.message}
        </p>
      )}
      {page && page.rows.length === 0 ? (
        <p className="text-stone-700">{filter.show === "todo" || filter.unreviewed ? "Nothing left in this list. Show all items to see the answered ones." : "This queue holds no pairs."}</p>
      ) : (
        page && (
          <Table label="Queue items" columns={COLUMNS}>
            {page.rows.map((row) => (
              <Row key={row.comparisonId}>
                <Cell className="whitespace-nowrap">
                  <Link href={itemHref(row.comparisonId)}>Comparison #{row.comparisonId}</Link>
                </Cell>
                <Cell className="max-w-md text-stone-800">
                  <span className="line-clamp-2 whitespace-pre-wrap break-words">{row.preview}</span>
                </Cell>
                <Cell className="whitespace-nowrap">
                  {row.verdict ? (
                    <ProbabilityBar pA={row.verdict.pAUsed} label={`Verdict P(A) of comparison ${row.comparisonId}`} compact />
                  ) : (
                    <span className="text-stone-500">{blind && !row.myChoice ? "hidden until you answer" : "—"}</span>
                  )}
                </Cell>
                <Cell className="whitespace-nowrap tabular-nums">
                  {row.answers}/{reviewersPerItem}
                  {row.complete && <span className="ml-1 text-green-800">done</span>}
                </Cell>
                <Cell className="whitespace-nowrap">{row.myChoice ? CHOICE_WORDS[row.myChoice] : <span className="text-stone-500">—</span>}</Cell>
              </Row>
            ))}
          </Table>
        )
      )}
      <div className="flex gap-2">
        {!pages.isFirst && (
          <Button variant="secondary" onClick={pages.back}>
            Previous page
          </Button>
        )}
        {page?.next && (
          <Button variant="secondary" onClick={() => pages.next(page.next)}>
            Next page
          </Button>
        )}
      </div>
    </div>
  );
}
