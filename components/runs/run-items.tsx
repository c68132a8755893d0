"use client";

import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import type { RunProgress } from "@/lib/schemas/runs";
import type { RunItemPage, RunItemRow } from "@/lib/server/runs/queries";
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
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  const after = cursors.at(-1);
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
  if (result.isError) return <p role="alert" className="rounded bg-red-50 px-3 py-2 text-red-900">The items could not be loaded: {result.error.message}</p>;
  if (!page) return <p className="text-stone-600">Loading…</p>;
  if (page.rows.length === 0 && cursors.length === 1) {
    return <p className="text-stone-600">{status === "FAILED" ? "No failed items." : "No prompts in this run."}</p>;
  }
  return (
    <div className="space-y-3">
      <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
        <table className="w-full text-sm">
          <caption className="sr-only">{caption}</caption>
          <thead className="bg-stone-100 text-left text-stone-600">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">Prompt</th>
              <th scope="col" className="px-3 py-2 font-medium">Status</th>
              {status === "FAILED" ? (
                <>
                  <th scope="col" className="px-3 py-2 text-right font-medium">Attempts</th>
                  <th scope="col" className="px-3 py-2 font-medium">Error</th>
                </>
              ) : (
                <>
                  <th scope="col" className="px-3 py-2 text-right font-medium">Steps</th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">Calls</th>
                </>
              )}
              <th scope="col" className="px-3 py-2 font-medium">Chain</th>
            </tr>
          </thead>
          <tbody>
            {page.rows.map((item) => (
              <tr key={item.itemId} className="border-t border-stone-100 align-top">
                <td className="max-w-xl px-3 py-2">
                  <Link href={`/prompts/${item.promptId}`} className="line-clamp-2 break-words whitespace-pre-wrap text-stone-900">
                    <span className="text-stone-500 tabular-nums">#{item.promptId} </span>
                    {item.preview.trim() || "(empty)"}
                  </Link>
                </td>
                <td className={`px-3 py-2 whitespace-nowrap ${ITEM_STATUS[item.status].style}`}>{ITEM_STATUS[item.status].label}</td>
                {status === "FAILED" ? (
                  <>
                    <td className="px-3 py-2 text-right tabular-nums">{item.attempts}</td>
                    <td className="max-w-xl px-3 py-2 break-words whitespace-pre-wrap">
                      {item.errorKind && <span className="mr-1 font-mono text-xs font-semibold text-red-900">{item.errorKind}</span>}
                      {item.error ?? "no message recorded"}
                    </td>
                  </>
                ) : (
                  <>
                    <td className="px-3 py-2 text-right tabular-nums">{item.chainId === null ? "—" : `${item.steps}/${steps}`}</td>
                    <td className="px-3 py-2 text-right tabular-nums">{item.calls}</td>
                  </>
                )}
                <td className="px-3 py-2 whitespace-nowrap">
                  {item.chainId === null ? <span className="text-stone-500">none yet</span> : <Link href={`/chains/${item.chainId}`}>Chain #{item.chainId}</Link>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {(cursors.length > 1 || page.nextAfter !== undefined) && (
        <nav aria-label={`${caption} pages`} className="flex gap-2">
          <Button variant="secondary" disabled={cursors.length === 1} onClick={() => setCursors((list) => list.slice(0, -1))}>Previous</Button>
          <Button variant="secondary" disabled={page.nextAfter === undefined} onClick={() => setCursors((list) => [...list, page.nextAfter])}>Next</Button>
        </nav>
      )}
    </div>
  );
}
