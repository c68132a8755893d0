"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useDebounced } from "@/components/ui/use-debounced";
import { fetchJson } from "@/components/ui/fetch-json";
import { formatCount } from "@/components/ui/format";
import { selectionParams, type LabelFormValues } from "./label-form-values";

/** How many pairs the labeling run would judge, counted by the server as the run will count them. */
export function PairSelectionCount({ values, judgments }: { values: LabelFormValues; judgments: number | null }) {
  const needsEndpoint = values.unjudgedOnly && values.endpointId === "";
  const key = useDebounced(selectionParams(values).toString(), 300);
  // asked only when the settled selection itself is complete: the values may already have their
  // dataset and endpoint (chosen on load) while the debounced key does not yet, a certain 400
  const settled = new URLSearchParams(key);
  const complete = settled.get("datasetId") !== "" && !(settled.get("unjudgedOnly") === "true" && !settled.get("endpointId"));
  const result = useQuery({
    queryKey: ["label-selection", key],
    queryFn: () => fetchJson(`/api/labels/runs/selection?${key}`),
    enabled: values.datasetId !== "" && !needsEndpoint && complete,
    placeholderData: keepPreviousData,
    staleTime: 5_000,
    retry: false,
  });
  let message: string;
  if (values.datasetId === "") message = "Choose a dataset to see how many pairs the run will judge.";
  else if (needsEndpoint) message = "Choose the endpoint to count the pairs it has not judged yet.";
  else if (result.isError) message = `The pairs could not be counted: ${result.error.message}`;
  else if (!result.data) message = "Counting pairs…";
  else if (result.data.pairs === 0) message = "No pair matches this selection: the run would have nothing to do. Make pairs first.";
  else {
    const pairs = result.data.pairs;
    message = `This selection covers ${formatCount(pairs)} ${pairs === 1 ? "pair" : "pairs"}`;
    message += judgments === null ? "." : `: ${formatCount(pairs * judgments)} judgments (${judgments} per pair).`;
  }
  const warn = result.isError || result.data?.pairs === 0;
  return (
    <p role="status" aria-live="polite" className={`rounded px-3 py-2 text-sm ${warn ? "bg-amber-100 text-amber-950" : "bg-stone-100 text-stone-800"}`}>
      {message}
      {result.data && result.isFetching && <span className="text-stone-500"> Updating…</span>}
    </p>
  );
}
