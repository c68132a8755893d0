"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { promptListSearchParams, type PromptListQuery, type PromptPage } from "@/lib/schemas/prompts";
import { PromptFilters } from "./prompt-filters";
import { CursorPager } from "@/components/ui/keyset-pages";
import { PromptsTable } from "./prompts-table";
import { fetchJson } from "@/components/ui/fetch-json";
import { usePromptQuery } from "./use-prompt-query";

export function PromptsBrowser({ initialKey, initialPage, datasets }: { initialKey: string; initialPage: PromptPage; datasets: { id: number; name: string }[] }) {
  const [query, key, setQuery] = usePromptQuery();
  const result = useQuery({
    queryKey: ["prompts", key],
    queryFn: () => fetchJson(`/api/prompts?${key}`),
    initialData: key === initialKey ? initialPage : undefined,
    placeholderData: keepPreviousData,
  });
  const page = result.data;
  // the total, asked apart from the page so a slow count never holds the rows up; paging keeps it
  const countKey = promptListSearchParams({ ...query, before: undefined, after: undefined, limit: undefined }).toString();
  const total = useQuery({ queryKey: ["prompt-count", countKey], queryFn: () => fetchJson(`/api/prompts/count?${countKey}`) });
  const datasetName = datasets.find((d) => d.id === query.dataset)?.name;

  return (
    <div className="space-y-4">
      <PromptFilters key={key} query={query} datasets={datasets} onChange={setQuery} />
      <p role="status" className="min-h-5 text-sm text-stone-600">
        {result.isFetching ? "Loading…" : result.isError ? "" : describeQuery(query, datasetName, page?.rows.length ?? 0, total.data?.count, total.isPending)}
      </p>
      {result.isError && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-red-900">
          The prompts could not be loaded: {result.error.message}
        </p>
      )}
      {page && page.rows.length > 0 && (
        <>
          <PromptsTable rows={page.rows} />
          <CursorPager query={query} page={page} onChange={setQuery} />
        </>
      )}
      {page && page.rows.length === 0 && !result.isFetching && <NoResults query={query} datasetName={datasetName} onClear={() => setQuery({})} />}
    </div>
  );
}

function describeQuery(query: PromptListQuery, datasetName: string | undefined, count: number, total: number | null | undefined, counting: boolean): string {
  const where = query.q && (query.in === "all" ? "in the prompt, its answers, revisions or critiques" : "in the prompt");
  const parts = [
    query.q && `matching “${query.q}” ${where}`,
    datasetName && `in ${datasetName}`,
    query.tag && `tagged ${query.tag}`,
    query.hasChains && "with chains",
    query.hasLabels && "with labels",
  ].filter(Boolean);
  // nothing matches at all: "0 prompts on this page of 0" says it twice
  if (count === 0 && total === 0) return `No prompts${parts.length ? ` ${parts.join(", ")}` : ""}.`;
  const of = counting ? " (counting the total…)" : total === null ? " of more than could be counted quickly" : total !== undefined ? ` of ${total.toLocaleString("en-US")}` : "";
  return `${count} prompt${count === 1 ? "" : "s"} on this page${of}${parts.length ? ` ${parts.join(", ")}` : ""}, newest first.`;
}

function NoResults({ query, datasetName, onClear }: { query: PromptListQuery; datasetName?: string; onClear: () => void }) {
  const filtered = query.q || query.dataset || query.tag || query.hasChains || query.hasLabels;
  if (!filtered && !query.before && !query.after) {
    return (
      <p className="text-stone-700">
        No prompts yet. <Link href="/import">Import a dataset</Link> to browse it here.
      </p>
    );
  }
  return (
    <div className="rounded-lg border border-dashed border-stone-300 bg-white px-5 py-6">
      <p className="font-medium text-stone-900">
        {query.q ? `No results for “${query.q}”` : "No prompts match these filters"}
        {datasetName ? ` in ${datasetName}` : ""}.
      </p>
      <p className="mt-1 text-sm text-stone-600">
        Search matches every word as a prefix (“roomm” finds “roommate”); very common words such as “the” are not indexed.{" "}
        <button type="button" onClick={onClear} className="text-blue-800 underline">
          Clear all filters
        </button>
      </p>
    </div>
  );
}
