"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { fetchJson } from "@/components/ui/fetch-json";
import { LinkButton } from "@/components/ui/button";
import { CursorPager } from "@/components/ui/keyset-pages";
import { COMPARISON_FILTER_KEYS, type ComparisonListQuery, type ComparisonPage } from "@/lib/schemas/comparisons";
import { ComparisonFilters, type RunOption } from "./comparison-filters";
import { FilterChips, type FilterNames } from "./filter-chips";
import { ComparisonsTable } from "./comparisons-table";
import { useComparisonQuery } from "./use-comparison-query";
import { useComparisonTotal } from "./use-comparison-total";
import { formatCount } from "@/components/ui/format";

export function ComparisonsBrowser({
  initialKey,
  initialPage,
  datasets,
  runs,
  names = {},
}: {
  initialKey: string;
  initialPage: ComparisonPage | null;
  datasets: { id: number; name: string }[];
  runs: RunOption[];
  /** names of the principle and judge filtered on (the page reads them for the chips) */
  names?: FilterNames;
}) {
  const [query, key, setQuery] = useComparisonQuery();
  const result = useQuery({
    queryKey: ["comparisons", key],
    queryFn: () => fetchJson(`/api/comparisons?${key}`),
    initialData: key === initialKey && initialPage ? initialPage : undefined,
    placeholderData: keepPreviousData,
  });
  const page = result.data;
  const total = useComparisonTotal(query, result.isPlaceholderData ? undefined : page);
  const run = runs.find((r) => r.id === query.run);
  const labelHref = `/runs/new-label?${new URLSearchParams({
    ...(query.dataset ? { dataset: String(query.dataset) } : {}),
    ...(query.source ? { source: query.source } : {}),
    ...(run?.kind === "SAMPLE" ? { pairRun: String(run.id) } : {}),
    ...(query.judged === "no" ? { unjudged: "true" } : {}),
  })}`;
  return (
    <div className="space-y-4">
      <ComparisonFilters query={query} datasets={datasets} runs={runs} onChange={setQuery} />
      <FilterChips query={query} datasets={datasets} runs={runs} names={names} onChange={setQuery} />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p role="status" className="min-h-5 text-sm text-stone-600">
          {result.isFetching ? "Loading…" : result.isError || !page ? "" : <PageCount shown={page.rows.length} total={total} filtered={isFiltered(query)} />}
        </p>
        <LinkButton href={labelHref} variant="secondary">
          Label these pairs
        </LinkButton>
      </div>
      {result.isError && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-red-900">
          The comparisons could not be loaded: {result.error.message}
        </p>
      )}
      {page && page.rows.length > 0 && (
        <>
          <ComparisonsTable rows={page.rows} runParam={run && run.kind !== "SL_CAI" ? run.id : undefined} />
          <CursorPager query={query} page={page} onChange={setQuery} hideAlone />
        </>
      )}
      {page && page.rows.length === 0 && !result.isFetching && <NoResults query={query} onClear={() => setQuery({})} />}
    </div>
  );
}

function isFiltered(query: ComparisonListQuery): boolean {
  return COMPARISON_FILTER_KEYS.some((key) => query[key] !== undefined && query[key] !== false);
}

function PageCount({ shown, total, filtered }: { shown: number; total: number | undefined; filtered: boolean }) {
  if (total === undefined) return <>{shown} comparisons on this page, newest first.</>;
  const words = `${formatCount(total)} comparison${total === 1 ? "" : "s"}${filtered ? " match these filters" : ""}`;
  return (
    <>
      <span data-testid="comparison-total">{words}</span>
      {shown < total ? `; ${shown} on this page, newest first.` : ", newest first."}
    </>
  );
}

function NoResults({ query, onClear }: { query: ComparisonListQuery; onClear: () => void }) {
  const filtered = isFiltered(query);
  return (
    <div className="rounded-lg border border-dashed border-stone-300 bg-white px-5 py-6">
      <p className="font-medium text-stone-900">{filtered ? "No comparison matches these filters." : "No comparisons yet."}</p>
      <p className="mt-1 text-sm text-stone-600">
        Pairs are made from a dataset&apos;s chains (initial vs final revision), from stored samples, or by a sampling run:{" "}
        <Link href={`/comparisons/new${query.dataset ? `?dataset=${query.dataset}` : ""}`}>make pairs</Link>.
        {filtered && (
          <>
            {" "}
            <button type="button" onClick={onClear} className="text-blue-800 underline">
              Clear all filters
            </button>
          </>
        )}
      </p>
    </div>
  );
}
