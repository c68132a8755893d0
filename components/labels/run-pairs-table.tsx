"use client";

import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { fetchJson } from "@/components/ui/fetch-json";
import { isActive } from "@/components/runs/run-status";
import { runItemsKey, useRunProgress } from "@/components/runs/use-run-progress";
import { PageButtons, useKeysetPages } from "@/components/ui/keyset-pages";
import { Cell, Row, RowHeader, Table, type Column } from "@/components/ui/table";
import { formatCount } from "@/components/ui/format";
import { IDENTICAL_ANSWERS_WHY } from "@/lib/cai/answer-text";
import type { LabelRunPairRow, SampleRunPairRow } from "@/lib/server/comparisons/run-pairs";
import type { RunProgress } from "@/lib/schemas/runs";
import { FlipBadge } from "./flip-badge";
import { formatProbability } from "@/components/ui/label-format";
import { ProbabilityBar } from "./probability-bar";

const POLL_MS = 3_000;

const ITEM_STATUS: Record<LabelRunPairRow["status"], { label: string; style: string }> = {
  PENDING: { label: "waiting", style: "text-stone-600" },
  CLAIMED: { label: "in progress", style: "text-blue-900" },
  DONE: { label: "done", style: "text-green-900" },
  FAILED: { label: "failed", style: "font-semibold text-red-800" },
  CANCELLED: { label: "cancelled", style: "text-stone-500" },
};

/** Under the run items' key, so the run controls' refresh after a retry or a cancel reaches these tables too. */
export const runPairsKey = (runId: number) => [...runItemsKey(runId), "pairs"] as const;

/**
 * A labeling run's comparisons with their verdicts, or a sampling run's prompts with the pairs they
 * made, a page at a time (keyset). The page shown refreshes while the run is active and once more
 * when it stops. With status FAILED, the items that failed and why.
 */
export function RunPairsTable({ initial, status, caption }: { initial: RunProgress; status?: "FAILED"; caption: string }) {
  const { data: run } = useRunProgress(initial);
  const queryClient = useQueryClient();
  const pages = useKeysetPages<number>();
  const [flippedOnly, setFlippedOnly] = useState(false);
  const after = pages.cursor;
  const params = new URLSearchParams();
  if (status) params.set("status", status);
  if (flippedOnly) params.set("flipped", "true");
  if (after !== undefined) params.set("after", String(after));
  const active = isActive(run.status);
  const result = useQuery({
    queryKey: [...runPairsKey(run.id), status ?? "all", flippedOnly, after ?? null],
    queryFn: () => fetchJson(`/api/runs/${run.id}/pairs?${params}`),
    placeholderData: keepPreviousData,
    refetchInterval: active ? POLL_MS : false,
  });
  useEffect(() => {
    if (!active) void queryClient.invalidateQueries({ queryKey: runPairsKey(run.id) });
  }, [active, queryClient, run.id]);

  const page = result.data;
  if (result.isError)
    return (
      <p role="alert" className="rounded bg-red-50 px-3 py-2 text-red-900">
        The pairs could not be loaded: {result.error.message}
      </p>
    );
  if (!page) return <p className="text-stone-600">Loading…</p>;
  const label = page.kind === "LABEL";
  return (
    <div className="space-y-3">
      {!label && !status && run.identicalPairs > 0 && (
        <p role="note" aria-label="Identical samples" className="rounded bg-amber-50 px-3 py-2 text-amber-950">
          {formatCount(run.identicalPairs)} {run.identicalPairs === 1 ? "prompt made" : "prompts made"} no pair: the two samples were the same text (a deterministic server, or a low
          temperature), and {IDENTICAL_ANSWERS_WHY}.
        </p>
      )}
      {label && !status && (
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            className="size-4 accent-blue-800"
            checked={flippedOnly}
            onChange={(e) => {
              setFlippedOnly(e.target.checked);
              pages.reset();
            }}
          />
          Only pairs whose verdict flipped with the order
        </label>
      )}
      {page.rows.length === 0 && pages.isFirst ? (
        <p className="text-stone-600">
          {status === "FAILED" ? "No failed items." : flippedOnly ? "No pair flipped with the order." : label ? "No pairs in this run." : "No prompts in this run."}
        </p>
      ) : (
        <Table caption={caption} columns={label ? labelColumns(status === "FAILED") : sampleColumns(status === "FAILED")}>
          {page.kind === "LABEL" ? <LabelRows rows={page.rows} runId={run.id} failed={status === "FAILED"} /> : <SampleRows rows={page.rows} runId={run.id} failed={status === "FAILED"} />}
        </Table>
      )}
      <PageButtons pages={pages} nextCursor={page.nextAfter} label={`${caption} pages`} words={["Previous", "Next"]} />
    </div>
  );
}

function Preview({ promptId, preview }: { promptId: number; preview: string }) {
  return (
    <span className="line-clamp-2 break-words whitespace-pre-wrap text-stone-900">
      <span className="text-stone-500 tabular-nums">prompt #{promptId} </span>
      {preview.trim() || "(empty)"}
    </span>
  );
}

function Status({ row, failed }: { row: { status: LabelRunPairRow["status"]; errorKind: string | null; error: string | null; attempts: number }; failed: boolean }) {
  return (
    <>
      <Cell className={`whitespace-nowrap ${ITEM_STATUS[row.status].style}`}>{ITEM_STATUS[row.status].label}</Cell>
      {failed && (
        <>
          <Cell className="text-right tabular-nums">{row.attempts}</Cell>
          <Cell className="max-w-xl break-words whitespace-pre-wrap">
            {row.errorKind && <span className="mr-1 font-mono text-xs font-semibold text-red-900">{row.errorKind}</span>}
            {row.error ?? "no message recorded"}
          </Cell>
        </>
      )}
    </>
  );
}

const FAILED_COLUMNS: Column[] = [{ header: "Attempts", className: "text-right" }, { header: "Error" }];

function labelColumns(failed: boolean): Column[] {
  return [
    { header: "Comparison" },
    { header: "Prompt" },
    { header: "Status" },
    ...(failed ? FAILED_COLUMNS : []),
    { header: "Verdict P(A)" },
    { header: "Flips" },
    { header: "Labels", className: "text-right" },
  ];
}

function LabelRows({ rows, runId, failed }: { rows: LabelRunPairRow[]; runId: number; failed: boolean }) {
  return rows.map((row) => (
    <Row key={row.itemId}>
      <RowHeader className="whitespace-nowrap">
        <Link href={`/comparisons/${row.comparisonId}?run=${runId}`}>Comparison #{row.comparisonId}</Link>
      </RowHeader>
      <Cell className="max-w-md">
        <Preview promptId={row.promptId} preview={row.preview} />
      </Cell>
      <Status row={row} failed={failed} />
      <Cell className="whitespace-nowrap">
        {row.verdict ? (
          <>
            <ProbabilityBar pA={row.verdict.pAUsed} label={`Verdict P(A) of comparison ${row.comparisonId}`} compact />
            {row.verdict.pAUsed !== row.verdict.pA && <div className="text-xs text-stone-600 tabular-nums">raw {formatProbability(row.verdict.pA)}</div>}
          </>
        ) : (
          <span className="text-stone-500">none yet</span>
        )}
      </Cell>
      <Cell className="whitespace-nowrap">
        {row.verdict ? (
          row.verdict.flips > 0 ? (
            <FlipBadge count={row.verdict.flips} of={row.verdict.principles} />
          ) : (
            <span className="text-stone-600">0 of {row.verdict.principles}</span>
          )
        ) : (
          <span className="text-stone-500">—</span>
        )}
      </Cell>
      <Cell className="text-right tabular-nums">{row.labels}</Cell>
    </Row>
  ));
}

function sampleColumns(failed: boolean): Column[] {
  return [{ header: "Prompt" }, { header: "Status" }, ...(failed ? FAILED_COLUMNS : []), { header: "Samples", className: "text-right" }, { header: "Pair" }];
}

function SampleRows({ rows, runId, failed }: { rows: SampleRunPairRow[]; runId: number; failed: boolean }) {
  return rows.map((row) => (
    <Row key={row.itemId}>
      <Cell className="max-w-xl">
        <Link href={`/prompts/${row.promptId}`} className="text-stone-900">
          <Preview promptId={row.promptId} preview={row.preview} />
        </Link>
      </Cell>
      <Status row={row} failed={failed} />
      <Cell className="text-right tabular-nums">{row.samples}/2</Cell>
      <Cell className="whitespace-nowrap">
        {row.comparisonId === null ? (
          <span className="text-stone-500">{row.identical ? "none: the two samples are the same text" : "none yet"}</span>
        ) : (
          <Link href={`/comparisons/${row.comparisonId}?run=${runId}`}>Comparison #{row.comparisonId}</Link>
        )}
      </Cell>
    </Row>
  ));
}
