"use client";

import { useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { comparisonListQuerySchema, comparisonListSearchParams, type ComparisonListQuery } from "@/lib/schemas/comparisons";

/**
 * The comparisons table's query lives in the URL, so every view is a link. Changing it pushes a
 * history entry (Next keeps useSearchParams in step with pushState) without asking the server for
 * the page again: React Query fetches the rows from /api/comparisons.
 */
export function useComparisonQuery(): [ComparisonListQuery, string, (next: ComparisonListQuery) => void] {
  const searchParams = useSearchParams();
  const query = useMemo(() => {
    const parsed = comparisonListQuerySchema.safeParse(Object.fromEntries(searchParams));
    return parsed.success ? parsed.data : {};
  }, [searchParams]);
  const key = comparisonListSearchParams(query).toString();
  const setQuery = useCallback((next: ComparisonListQuery) => {
    const params = comparisonListSearchParams(next).toString();
    window.history.pushState(null, "", params ? `/comparisons?${params}` : "/comparisons");
  }, []);
  return [query, key, setQuery];
}
