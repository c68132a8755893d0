"use client";

import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect } from "react";
import { PageButtons, useKeysetPages } from "@/components/ui/keyset-pages";
import { Cell, Row, Table } from "@/components/ui/table";
import type { RunProgress } from "@/lib/schemas/runs";
import type { RunItemRow } from "@/lib/server/runs/queries";
import { fetchJson } from "@/components/ui/fetch-json";
import { isActive } from "./run-status";
import { runItemsKey, useRunProgress } from "./use-run-progress";

const ITEMS_POLL_MS = 3_000;

const ITEM_STATUS: Record<RunItemRow["status"], { label: string; style: string }> = {
  PENDING: { label: "waiting", style: "text-stone-600" },
  CLAIMED: { label: "in progress", style: "text-blue-900" },
  DONE: { label: "done", style: "text-green-900" },
  FAILED: { label: "failed", style: "font-semibold text-red-800" },
  CANCELLED: { label: "cancelled", style: "text-stone-500" },
};

/**
 * A run's prompts with the chain each has so far (or, with status FAILED, the error that stopped
 * it), in prompt order, a page at a time. The page shown refreshes while the run is active and
 * once more when it stops, so the last chains appear without a reload.
 */
export function RunItems({ initial, steps, status, caption }: { initial: RunProgress; steps: number; status?: "FAILED"; caption: string }) {
  const { data: run } = useRunProgress(initial);
  const queryClient = useQueryClient();
  const pages = useKeysetPages<number>();
  const after = pages.cursor;
  const params = new URLSearchParams();
  if (status) params.set("status", status);
  if (after !== undefined) params.set("after", String(after));
  const active = isActive(run.status);
  const result = useQuery({
    queryKey: [...runItemsKey(run.id), status ?? "all", after ?? null],
    queryFn: () => fetchJson(`/api/runs/${run.id}/items?${params}`),
    placeholderData: keepPreviousData,
    refetchInterval: active ? ITEMS_POLL_MS : false,
  });
  useEffect(() => {
    if (!active) void queryClient.invalidateQueries({ queryKey: runItemsKey(run.id) });
  }, [active, queryClient, run.id]);

  const page = result.data;
  if (result.isError)
    return (
      <p role="alert" className="rounded bg-red-50 px-3 py-2 text-red-900">
        The items could not be loaded: {result.error.message}
      </p>
    );
  if (!page) return <p className="text-stone-600">Loading…</p>;
  if (page.rows.length === 0 && pages.isFirst) {
    return <p className="text-stone-600">{status === "FAILED" ? "No failed items." : "No prompts in this run."}</p>;
  }
  return (
    <div className="space-y-3">
      <Table
        caption={caption}
        columns={[
          { header: "Prompt" },
          { header: "Status" },
          ...(status === "FAILED"
            ? [{ header: "Attempts", className: "text-right" }, { header: "Error" }]
            : [
                { header: "Steps", className: "text-right" },
                { header: "Calls", className: "text-right" },
              ]),
          { header: "Chain" },
        ]}
      >
        {page.rows.map((item) => (
          <Row key={item.itemId}>
            <Cell className="max-w-xl">
              <Link href={`/prompts/${item.promptId}`} className="line-clamp-2 break-words whitespace-pre-wrap text-stone-900">
                <span className="text-stone-500 tabular-nums">#{item.promptId} </span>
                {item.preview.trim() || "(empty)"}
              </Link>
            </Cell>
            <Cell className={`whitespace-nowrap ${ITEM_STATUS[item.status].style}`}>{ITEM_STATUS[item.status].label}</Cell>
            {status === "FAILED" ? (
              <>
                <Cell className="text-right tabular-nums">{item.attempts}</Cell>
                <Cell className="max-w-xl break-words whitespace-pre-wrap">
                  {item.errorKind && <span className="mr-1 font-mono text-xs font-semibold text-red-900">{item.errorKind}</span>}
                  {item.error ?? "no message recorded"}
                </Cell>
              </>
            ) : (
              <>
                <Cell className="text-right tabular-nums">{item.chainId === null ? "—" : `${item.steps}/${steps}`}</Cell>
                <Cell className="text-right tabular-nums">{item.calls}</Cell>
              </>
            )}
            <Cell className="whitespace-nowrap">
              {item.chainId === null ? <span className="text-stone-500">none yet</span> : <Link href={`/chains/${item.chainId}`}>Chain #{item.chainId}</Link>}
            </Cell>
          </Row>
        ))}
      </Table>
      <PageButtons pages={pages} nextCursor={page.nextAfter} label={`${caption} pages`} words={["Previous", "Next"]} />
    </div>
  );
}
