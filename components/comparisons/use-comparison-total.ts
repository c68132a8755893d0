"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { fetchJson } from "@/components/ui/fetch-json";
import { comparisonListSearchParams, type ComparisonListQuery, type ComparisonPage } from "@/lib/schemas/comparisons";

/**
 * How many comparisons match the filters: the server counts on a page without a cursor only, so
 * the count of the first page is kept per filter set and paging on reuses it; a page opened at a
 * cursor asks for it once (a one-row first page). `page` is the current filters' page, not a
 * placeholder left over from other filters.
 */
export function useComparisonTotal(query: ComparisonListQuery, page: ComparisonPage | undefined): number | undefined {
  const filters = comparisonListSearchParams({ ...query, before: undefined, after: undefined, limit: undefined });
  const filterKey = filters.toString();
  const client = useQueryClient();
  const counted = page?.total;
  useEffect(() => {
    if (counted !== undefined) client.setQueryData(["comparisons-total", filterKey], counted);
  }, [client, counted, filterKey]);
  const asked = useQuery({
    queryKey: ["comparisons-total", filterKey],
    queryFn: async () => {
      filters.set("limit", "1");
      return (await fetchJson(`/api/comparisons?${filters}`)).total ?? 0;
    },
    enabled: page !== undefined && counted === undefined,
    staleTime: 5 * 60_000,
  });
  return counted ?? asked.data;
}
