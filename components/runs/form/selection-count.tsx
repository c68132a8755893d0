"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { formatCount } from "@/components/ui/format";
import { fetchJson } from "@/components/ui/fetch-json";
import type { RunFormValues } from "./run-form-values";
import { useDebounced } from "@/components/ui/use-debounced";

/** How many prompts the chosen dataset and filter cover, counted by the server as the run will. */
export function SelectionCount({ values }: { values: Pick<RunFormValues, "datasetId" | "tag" | "q" | "withoutChains" | "limit"> }) {
  const params = new URLSearchParams();
  params.set("datasetId", values.datasetId);
  if (values.tag.trim()) params.set("tag", values.tag.trim());
  if (values.q.trim()) params.set("q", values.q.trim());
  if (values.withoutChains) params.set("withoutChains", "true");
  if (values.limit.trim()) params.set("limit", values.limit.trim());
  const key = useDebounced(params.toString(), 300);
  const result = useQuery({
    queryKey: ["run-selection", key],
    queryFn: () => fetchJson(`/api/runs/selection?${key}`),
    // the debounced key, not the values, decides: on load the values may have their dataset before the key does
    enabled: values.datasetId !== "" && new URLSearchParams(key).get("datasetId") !== "",
    placeholderData: keepPreviousData,
    staleTime: 5_000,
    retry: false,
  });
  let message: string;
  if (values.datasetId === "") message = "Choose a dataset to see how many prompts the run will cover.";
  else if (result.isError) message = `The prompts could not be counted: ${result.error.message}`;
  else if (!result.data) message = "Counting prompts…";
  else if (result.data.prompts === 0) message = "No prompt matches this selection: the run would have nothing to do.";
  else message = `This selection covers ${formatCount(result.data.prompts)} ${result.data.prompts === 1 ? "prompt" : "prompts"}.`;
  const warn = result.isError || result.data?.prompts === 0;
  return (
    <p role="status" aria-live="polite" className={`rounded px-3 py-2 text-sm ${warn ? "bg-amber-100 text-amber-950" : "bg-stone-100 text-stone-800"}`}>
      {message}
      {result.data && result.isFetching && <span className="text-stone-500"> Updating…</span>}
    </p>
  );
}
